// Redeems a sign-in ticket for the auth cookie. The ticket travels in a POST body, never a URL,
// so it cannot end up in a request log, browser history or a Referer header.
// A sign-in always starts a new session; after a 2FA change the server keeps the session that made it (SessionRefresh).
export async function redeem(ticket) {
  const body = new URLSearchParams({ ticket });
  const response = await fetch("/account/handoff", {
    method: "POST",
    body,
    credentials: "same-origin",
    cache: "no-store",
  });
  return response.status;
}

export function go(url) {
  window.location.assign(url);
}
