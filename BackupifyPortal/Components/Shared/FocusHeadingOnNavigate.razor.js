// Called by FocusHeadingOnNavigate.razor after a page change; does what Blazor's focusBySelector("h1") does.
// A classic script loaded before blazor.web.js, so it exists before the circuit's first render calls it.
let firstCallOnThisPage = true;

window.portalFocusHeading = () => {
  const first = firstCallOnThisPage;
  firstCallOnThisPage = false;
  // The first call comes when the circuit starts on a freshly loaded page: someone who already clicked into a field
  // (or a menu) while it connected keeps their focus and their typing; later calls are changes of page and always move.
  if (first && document.activeElement && document.activeElement !== document.body) return;
  const heading = document.querySelector("h1");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
};
