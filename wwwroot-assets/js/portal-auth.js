// Redeems a sign-in ticket for the auth cookie. The ticket travels in a POST body, never a URL,
// so it cannot end up in a request log, browser history or a Referer header.
// A sign-in goes to /account/handoff (a new session); a refresh after a 2FA change to /account/refresh.
export async function redeem(ticket, refresh = false) {
  const body = new URLSearchParams({ ticket });
  const response = await fetch(refresh ? "/account/refresh" : "/account/handoff", {
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
