// Escape in a dialog that hands Escape to the page (its Cancel button carries data-bp-escape-cancels): an open list in
// it (the country picker) closes first, as the combobox pattern asks, and the dialog stays; otherwise Escape is Cancel.
// Capture phase: the list's state is read before anything reacts to this key.
document.addEventListener("keydown", event => {
  if (event.key !== "Escape") return;
  const cancel = event.target.closest?.(".mud-dialog")?.querySelector("[data-bp-escape-cancels]");
  if (!cancel) return;
  const inPicker = event.target.closest(".mud-autocomplete, .mud-select");
  if (inPicker && (event.target.getAttribute("aria-expanded") === "true" || document.querySelector(".mud-popover-open .mud-list"))) return;
  cancel.click();
}, true);

// When a dialog closes, focus goes back to the control that opened it (the last control focused outside any dialog),
// instead of being lost on the page's body. Only while a dialog has focus is anything watched, and then only the
// dialogs' own parent element's children: the page's other DOM changes (Blazor's first render) cost nothing.
let openerOfDialogs = null;
let dialogWatch = null;
let watchedParent = null;
document.addEventListener("focusin", event => {
  const container = event.target.closest?.(".mud-dialog-container");
  if (!container) {
    if (!event.target.closest?.(".mud-popover")) openerOfDialogs = event.target;
    return;
  }
  const parent = container.parentNode;
  if (!parent || (dialogWatch && watchedParent === parent)) return;
  dialogWatch?.disconnect(); // a watch left on a parent the page has since replaced
  watchedParent = parent;
  dialogWatch = new MutationObserver(() => {
    // Only at the moment the last dialog goes away: a click on the page's background must not pull focus back later.
    if (parent.querySelector(":scope > .mud-dialog-container")) return;
    dialogWatch.disconnect();
    dialogWatch = null;
    if (document.activeElement === document.body && openerOfDialogs?.isConnected) openerOfDialogs.focus();
  });
  dialogWatch.observe(parent, { childList: true });
});
