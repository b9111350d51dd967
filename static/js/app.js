// Small progressive enhancements; no inline script (CSP).

// After an htmx update the control the server marked with data-focus (the moved or
// changed row's, a field to correct) gets the keyboard focus, instead of <body>.
document.addEventListener("htmx:afterSettle", function () {
  var marked = document.querySelector("[data-focus]");
  if (marked) {
    marked.removeAttribute("data-focus");
    marked.focus();
  }
});

// A form marked data-submit-once is sent once (a double click publishes once); the
// server refuses a second submit as well. Back in the history it may be sent again.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) {
    return;
  }
  if (form.dataset.submitted) {
    event.preventDefault();
  } else {
    form.dataset.submitted = "true";
  }
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    delete form.dataset.submitted;
  });
});
