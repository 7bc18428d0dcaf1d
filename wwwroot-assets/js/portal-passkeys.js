// WebAuthn in the browser; every check happens on the server (Features/Passkeys). The options come from the server as
// JSON, and the credential goes back as JSON through the circuit. Errors come back by name only (NotAllowedError…).
const supported = () =>
  typeof window.PublicKeyCredential !== "undefined" &&
  typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
  typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

// One pending request at a time: a new request cancels the one before it.
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
