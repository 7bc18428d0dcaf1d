// Called by FocusHeadingOnNavigate.razor after a page change; does what Blazor's focusBySelector("h1") does.
// A classic script loaded before blazor.web.js, so it exists before the circuit's first render calls it.
window.portalFocusHeading = () => {
  const heading = document.querySelector("h1");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
};
