// "Print this page" links, without an inline handler the Content-Security-Policy would block.
document.querySelectorAll("[data-print-page]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
