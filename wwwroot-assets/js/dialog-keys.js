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
// instead of being lost on the page's body.
let openerOfDialogs = null;
document.addEventListener("focusin", event => {
  if (!event.target.closest?.(".mud-dialog-container, .mud-popover")) openerOfDialogs = event.target;
});
let dialogWasOpen = false;
new MutationObserver(() => {
  const dialogOpen = document.querySelector(".mud-dialog-container") !== null;
  // Only at the moment the last dialog goes away: a click on the page's background must not pull focus back later.
  if (dialogWasOpen && !dialogOpen && document.activeElement === document.body && openerOfDialogs?.isConnected) openerOfDialogs.focus();
  dialogWasOpen = dialogOpen;
}).observe(document.documentElement, { childList: true, subtree: true });
