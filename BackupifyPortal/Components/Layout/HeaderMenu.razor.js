// Header menus (HeaderMenu.razor) follow the WAI-ARIA menu button pattern in the browser: opening one costs no
// round trip to the server and the server keeps no menu state. Listeners sit on the document, so menus rendered
// later (interactive renders, navigation) work without setup.
const menuSelector = "[data-bp-menu]";

const buttonOf = menu => menu.querySelector(":scope > button");
const listOf = menu => menu.querySelector(":scope > [role=menu]");
const itemsOf = menu => [...listOf(menu).querySelectorAll("[role=menuitem]")];
const isOpen = menu => !listOf(menu).hidden;

function open(menu, focusIndex) {
  closeAll(menu);
  listOf(menu).hidden = false;
  buttonOf(menu).setAttribute("aria-expanded", "true");
  if (focusIndex !== undefined) focusItem(menu, focusIndex);
}

function close(menu, focusButton) {
  if (!isOpen(menu)) return;
  listOf(menu).hidden = true;
  buttonOf(menu).setAttribute("aria-expanded", "false");
  if (focusButton) buttonOf(menu).focus();
}

function closeAll(except) {
  for (const menu of document.querySelectorAll(menuSelector)) if (menu !== except) close(menu, false);
}

// Wraps around: -1 is the last item.
function focusItem(menu, index) {
  const items = itemsOf(menu);
  if (items.length > 0) items[(index + items.length) % items.length].focus();
}

document.addEventListener("click", event => {
  const menu = event.target.closest?.(menuSelector);
  if (!menu) return closeAll(null);
  if (buttonOf(menu).contains(event.target)) {
    // A click made with Enter or Space (detail 0) puts focus on the first item, as the pattern asks.
    if (isOpen(menu)) close(menu, false); else open(menu, event.detail === 0 ? 0 : undefined);
    return;
  }
  const item = event.target.closest("[role=menuitem]");
  if (!item) return;
  if (item.getAttribute("aria-disabled") === "true") return event.preventDefault();
  // Close after the item's own action (link, form submit) has started.
  setTimeout(() => close(menu, false));
});

document.addEventListener("keydown", event => {
  const menu = event.target.closest?.(menuSelector);
  if (!menu) return;
  const onButton = buttonOf(menu).contains(event.target);
  const index = itemsOf(menu).indexOf(event.target.closest("[role=menuitem]"));
  switch (event.key) {
    case "ArrowDown":
      event.preventDefault();
      onButton ? open(menu, 0) : focusItem(menu, index + 1);
      break;
    case "ArrowUp":
      event.preventDefault();
      onButton ? open(menu, -1) : focusItem(menu, index - 1);
      break;
    case "Home":
    case "End":
      if (onButton) break;
      event.preventDefault();
      focusItem(menu, event.key === "Home" ? 0 : -1);
      break;
    case "Escape":
      if (!isOpen(menu)) break;
      event.preventDefault();
      close(menu, true);
      break;
    case "Tab":
      // Back on the button first, so Tab goes on from there to the next control.
      if (!onButton) close(menu, true);
      break;
    case " ":
      // Space activates a link item as Enter does (a button item does this itself).
      if (!onButton && event.target.matches("a[role=menuitem]")) {
        event.preventDefault();
        event.target.click();
      }
      break;
  }
});
