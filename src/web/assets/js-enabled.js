// Before anything paints: lets the stylesheet and govuk-frontend know scripts run here.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
