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

// The main menu folds behind a Meny button on a narrow screen (issue 19.3). Without
// script, or on a wide screen, the menu is simply shown.
(function () {
  var button = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (!button || !nav || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 40rem)");
  function show(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("main-nav--folded", !open);
  }
  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  }
  fit();
})();

// A copy button (data-copy="id of the element whose text is copied") copies the
// text and says so in its live region; without the clipboard it selects the text.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-copy]") : null;
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!source) {
    return;
  }
  var text = source.value || source.textContent;
  function done(message) {
    if (status) {
      status.textContent = message;
    }
  }
  function select() {
    if (source.select) {
      source.select();
    }
    done(button.getAttribute("data-copy-manual") || "");
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(function () {
      done(button.getAttribute("data-copy-done") || "");
    }, select);
  } else {
    select();
  }
});
