// Small progressive enhancements; no inline script (CSP).
