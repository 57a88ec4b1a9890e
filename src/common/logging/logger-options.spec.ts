import { describe, expect, it } from '@jest/globals';
import { loggedUrl } from './logger-options.js';

describe('logged request addresses', () => {
  it('leave out the CSRF token an upload form carries in its query, and nothing else', () => {
    expect(loggedUrl('/portfolio/1/add-evidence?_csrf=s3cr3t')).toBe(
      '/portfolio/1/add-evidence?_csrf=[redacted]',
    );
    expect(loggedUrl('/evidence/1/change?page=2&_csrf=s3cr3t&x=1')).toBe(
      '/evidence/1/change?page=2&_csrf=[redacted]&x=1',
    );
    expect(loggedUrl('/review-queue?page=2')).toBe('/review-queue?page=2');
    expect(loggedUrl('/notes?my_csrf=keep')).toBe('/notes?my_csrf=keep');
  });
});
