// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

// A page that comes back from an upload is put in place of this one's body and enhanced in turn
// (showKeepingFiles).
enhance();

function enhance() {
  // A form that posts files carries its CSRF token in its address (a multipart body is read
  // after the check): the page that comes back from it is not to show the token, nor keep it in
  // the history. Without it the address is the form's own page, which a reload then opens.
  const url = new URL(window.location.href);
  if (url.searchParams.has('_csrf')) {
    url.searchParams.delete('_csrf');
    window.history.replaceState(window.history.state, '', url);
  }
  // An error summary's link to a date (its day, month and year boxes) goes to the day box, which
  // takes the focus, as GOV.UK's pattern asks; the server names the date as a whole.
  for (const link of document.querySelectorAll('.govuk-error-summary__list a[href^="#"]')) {
    const target = document.getElementById(link.getAttribute('href').slice(1));
    const day = target?.matches('.govuk-date-input') ? target.querySelector('input') : null;
    if (day?.id) link.setAttribute('href', `#${day.id}`);
  }
  // GOV.UK's components, the error summary among them: it takes the focus, so that a screen
  // reader announces the problems first.
  initAll();
  // The criteria picker: filter the checkboxes by the words of their code and text.
  for (const box of document.querySelectorAll('[data-ksb-search]')) {
    const input = box.querySelector('input');
    const count = box.querySelector('[data-ksb-search-count]');
    const items = [...document.querySelectorAll('[data-ksb-criterion]')].map((el) => ({
      item: el.closest('.govuk-checkboxes__item'),
      words: el.getAttribute('data-ksb-criterion').toLowerCase(),
    }));
    box.hidden = false;
    input.addEventListener('input', () => {
      const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const { item, words } of items) {
        const match = terms.every((t) => words.includes(t));
        // Ticked criteria stay visible, so a search never hides a claim being written.
        const visible = match || item.querySelector('input').checked;
        // style, not the hidden attribute: govuk-frontend's display rules would win over it.
        item.style.display = visible ? '' : 'none';
        if (visible) shown += 1;
      }
      count.textContent = terms.length ? `${shown} criteria shown` : '';
    });
  }

  // Uploads: one request as without scripts, with a progress bar per file (the share of the bytes
  // sent that fall in that file). Without XHR progress it is simply the plain form post.
  for (const form of document.querySelectorAll('form[data-ksb-upload]')) {
    const list = form.querySelector('[data-ksb-progress]');
    // Which button sent the form (save as draft, submit, or suggest): FormData leaves it out.
    let pressed = null;
    // One upload at a time: a second tap while the first is on its way sends nothing (the server
    // would answer it with the first's result anyway: submit-once.ts).
    let sending = false;
    form.addEventListener('click', (event) => {
      pressed = event.target.closest?.('button[name]') ?? pressed;
    });
    form.addEventListener('submit', (event) => {
      if (sending) {
        event.preventDefault();
        return;
      }
      // Only the justifications of ticked criteria travel: the upload pipeline bounds the number of
      // form fields, and an empty box for each of 79 criteria would exceed it.
      for (const box of form.querySelectorAll('input[name=tags]')) {
        const text = form.querySelector(`#justification-${box.value}`);
        if (text) text.disabled = !box.checked;
      }
      const button = event.submitter?.name ? event.submitter : pressed;
      const inputs = [...form.querySelectorAll('input[type=file]')];
      const files = inputs.flatMap((i) => [...i.files]);
      if (files.length === 0 || !window.XMLHttpRequest || !window.DOMParser) return;
      event.preventDefault();
      // The files go last, after every field and the button: a file the server refuses then
      // stops the upload with the rest of the form read, which comes back with that file's error.
      const data = new FormData();
      for (const [name, value] of new FormData(form)) {
        if (!(value instanceof File)) data.append(name, value);
      }
      if (button) data.set(button.name, button.value);
      for (const input of inputs) for (const file of input.files) data.append(input.name, file);
      list.replaceChildren();
      const bars = files.map((file) => {
        const li = document.createElement('li');
        const label = document.createElement('span');
        label.textContent = `${file.name} `;
        const bar = document.createElement('progress');
        bar.max = 100;
        bar.value = 0;
        bar.setAttribute('aria-label', `Uploading ${file.name}`);
        li.append(label, bar);
        list.append(li);
        return { bar, size: file.size };
      });
      const xhr = new XMLHttpRequest();
      sending = true;
      xhr.addEventListener('loadend', () => (sending = false));
      xhr.open('POST', form.getAttribute('action'));
      xhr.upload.addEventListener('progress', (e) => {
        let start = 0;
        for (const { bar, size } of bars) {
          const sent = Math.min(Math.max(e.loaded - start, 0), size);
          bar.value = size ? Math.round((sent / size) * 100) : 100;
          start += size;
        }
      });
      xhr.addEventListener('load', () => {
        // Saved: the page it leads to. Otherwise (errors, or suggestions, which save nothing) the
        // page that came back, with the files still chosen.
        if (xhr.status < 400 && button?.value !== 'suggest') {
          window.location.assign(xhr.responseURL);
          return;
        }
        showKeepingFiles(xhr.responseText, inputs);
      });
      // Never post again by itself: the first request may have been saved.
      xhr.addEventListener('error', () => {
        const li = document.createElement('li');
        li.className = 'govuk-error-message';
        li.textContent = 'The upload did not finish. Check your portfolio before trying again.';
        list.append(li);
      });
      xhr.send(data);
    });
  }
}

/**
 * Shows a page that came back from a form post in place of this one, as the plain post would have,
 * but with the files the user chose still chosen: the post sent them, the server kept nothing, and
 * choosing them again is what the page would otherwise ask. A file field the page marks with an
 * error starts empty: those files were refused.
 */
function showKeepingFiles(html, inputs) {
  const page = new DOMParser().parseFromString(html, 'text/html');
  const body = document.adoptNode(page.body);
  let kept = 0;
  for (const input of inputs) {
    const fresh = body.querySelector(`input[type=file][name="${input.name}"]`);
    if (!fresh || fresh.closest('.govuk-form-group--error')) continue;
    fresh.replaceWith(input);
    kept += 1;
  }
  // The page's "choose your files again" no longer holds.
  if (kept) for (const warning of body.querySelectorAll('[data-ksb-files-lost]')) warning.remove();
  body.className = document.body.className;
  document.title = page.title;
  document.body.replaceWith(body);
  window.scrollTo(0, 0);
  enhance();
  // The error summary takes the focus itself; otherwise the page's news, as a new page would.
  if (document.activeElement === document.body || !document.activeElement) {
    const start =
      document.querySelector('.govuk-notification-banner') ?? document.querySelector('h1');
    start?.setAttribute('tabindex', '-1');
    start?.focus();
  }
}
