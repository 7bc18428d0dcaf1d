// Log In is a static page: the forms work by plain POST. This adds only what needs the browser:
// show/hide the password, and passkeys (the button, and the Email field's autofill). Every check is on the server.
(() => {
  const reveal = document.querySelector(".bp-login-reveal");
  const password = document.getElementById("login-password");
  if (reveal && password) {
    reveal.hidden = false;
    reveal.addEventListener("click", () => {
      const show = password.type === "password";
      password.type = show ? "text" : "password";
      reveal.setAttribute("aria-pressed", String(show));
      reveal.setAttribute("aria-label", show ? "Hide the characters" : "Show the characters");
    });
  }

  const form = document.querySelector("form.bp-login-passkey");
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const supported =
    typeof window.PublicKeyCredential !== "undefined" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  // One request at a time: the autofill (conditional) request is cancelled before the button's request starts.
  let pending = null;

  async function challenge(signal) {
    const response = await fetch(form.dataset.passkeyOptions, {
      method: "POST",
      headers: { RequestVerificationToken: field("__RequestVerificationToken").value },
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
    if (!response.ok) throw Object.assign(new Error("options"), { name: "Error" });
    return response.json();
  }

  // The credential (or the browser's error name) goes back to the server in the form; the server says what happened.
  function send(ceremonyId, credential, error) {
    field("Passkey.CeremonyId").value = ceremonyId ?? "";
    field("Passkey.Credential").value = credential ? JSON.stringify(credential) : "";
    field("Passkey.Error").value = error ?? "";
    form.submit();
  }

  async function request(mediation) {
    pending?.abort();
    const controller = (pending = new AbortController());
    let ceremonyId = null;
    try {
      const { ceremonyId: id, options } = await challenge(controller.signal);
      ceremonyId = id;
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
      const credential = await navigator.credentials.get({ publicKey, mediation, signal: controller.signal });
      if (credential) send(ceremonyId, credential, null);
    } catch (e) {
      // Autofill is silent: cancelled by the button or by leaving the page, there is nothing to tell the person.
      if (mediation !== "conditional" && !controller.signal.aborted) send(ceremonyId, null, e?.name || "Error");
    } finally {
      if (pending === controller) pending = null;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!supported) send(null, null, "NotSupportedError");
    else request(undefined);
  });

  if (supported) {
    PublicKeyCredential.isConditionalMediationAvailable?.().then((available) => {
      if (available) request("conditional");
    });
  }
})();
