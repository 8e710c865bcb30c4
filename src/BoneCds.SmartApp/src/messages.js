// Visible messages: what went wrong in words a clinician can act on (relaunch, ask the EHR team), never a stack trace.

export function say(kind, text, id) {
    const box = document.getElementById("messages");
    const existing = id ? document.getElementById(`message-${id}`) : null;
    const p = existing ?? document.createElement("p");
    if (id) p.id = `message-${id}`;
    p.className = `message ${kind}`;
    p.setAttribute("role", kind === "error" ? "alert" : "status");
    p.textContent = text;
    if (!existing) box.append(p);
}

export function status(text) {
    document.getElementById("status").textContent = text;
}

/** The launch or a read failed: say why, in terms of what to do next. */
export function explain(error, phase) {
    status("");
    const message = String(error?.message ?? error);
    const code = error?.status ?? error?.statusCode;
    if (code === 401 || /expired|invalid[_ ]token/i.test(message))
        return say(
            "error",
            "The EHR session has expired or its token was refused. Open the page again from the patient's chart in the EHR.",
            "expired",
        );
    if (/state/i.test(message) && phase === "launch")
        return say(
            "error",
            "The sign-in could not be verified: the EHR returned a state this page did not issue. Open the page again from the EHR.",
            "state",
        );
    if (code === 403)
        return say(
            "error",
            "The EHR refused to share these results (403): the app needs read access to Observation and MedicationRequest.",
            "forbidden",
        );
    return say(
        "error",
        phase === "launch"
            ? `The launch from the EHR could not be completed: ${message}`
            : `The patient's results could not be read from the EHR: ${message}`,
        "failed",
    );
}
