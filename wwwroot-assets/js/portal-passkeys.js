// WebAuthn in the browser; every check happens on the server (Features/Passkeys). The options come from the server as
// JSON, and the credential goes back as JSON through the circuit. Errors come back by name only (NotAllowedError…).
const supported = () =>
  typeof window.PublicKeyCredential !== "undefined" &&
  typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
  typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

// One pending request at a time: the autofill (conditional) request is cancelled before a button's request starts.
let pending = null;

export function isSupported() {
  return supported();
}

export function cancel() {
  pending?.abort();
  pending = null;
}

export async function create(optionsJson) {
  if (!supported()) return { error: "NotSupportedError" };
  cancel();
  try {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(optionsJson));
    const credential = await navigator.credentials.create({ publicKey });
    return { json: JSON.stringify(credential) };
  } catch (e) {
    return { error: e?.name || "Error" };
  }
}

export async function get(optionsJson) {
  if (!supported()) return { error: "NotSupportedError" };
  cancel();
  const controller = (pending = new AbortController());
  try {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJson));
    const credential = await navigator.credentials.get({ publicKey, signal: controller.signal });
    return { json: JSON.stringify(credential) };
  } catch (e) {
    return { error: e?.name || "Error" };
  } finally {
    if (pending === controller) pending = null;
  }
}

// Passkey autofill on the Email field (autocomplete="username webauthn"): the browser offers passkeys in the field's
// suggestions; choosing one hands the credential to the component. Silent when the browser cannot do it.
// Returns at once: the conditional request may wait for minutes, longer than a circuit waits for a JS call.
export function autofill(optionsJson, component) {
  startAutofill(optionsJson, component);
}

async function startAutofill(optionsJson, component) {
  if (!supported() || !(await PublicKeyCredential.isConditionalMediationAvailable?.())) return;
  cancel();
  const controller = (pending = new AbortController());
  try {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJson));
    const credential = await navigator.credentials.get({ publicKey, mediation: "conditional", signal: controller.signal });
    if (credential) await component.invokeMethodAsync("CompleteAutofillAsync", JSON.stringify(credential));
  } catch {
    // Cancelled by a button's request or by leaving the page: nothing to tell the person.
  } finally {
    if (pending === controller) pending = null;
  }
}
