import type { Request, Response } from "express";

/** The simulated consent pages of the fakes, with the sandbox banner (they are pages of the app in sandbox mode). */
export function consentPage(options: {
  service: "HubSpot" | "Zoom";
  question: string;
  details?: string;
  approve: { href: string; text: string };
  deny?: { href: string; text: string };
}): string {
  const link = (id: string, l: { href: string; text: string }, cls = "button") =>
    `<a id="${id}" class="${cls}" href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated ${options.service} · Sandbox</title><link rel="stylesheet" href="/public/app.css"></head>
<body>
<div class="sandbox-banner" role="status">Sandbox: this is a simulated ${options.service}, not the real one.</div>
<main class="page narrow">
<h1>${escapeHtml(options.question)}</h1>
${options.details ? `<p>${escapeHtml(options.details)}</p>` : ""}
<p>${link("approve", options.approve)} ${options.deny ? link("deny", options.deny, "secondary") : ""}</p>
</main></body></html>`;
}

/**
 * The page the fakes' authorize step shows for a `redirect_uri` the app did not register:
 * the browser is sent nowhere and no code is issued (no open redirect).
 */
export function refusalPage(service: "HubSpot" | "Zoom", redirectUri: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated ${service} · Sandbox</title><link rel="stylesheet" href="/public/app.css"></head>
<body>
<div class="sandbox-banner" role="status">Sandbox: this is a simulated ${service}, not the real one.</div>
<main class="page narrow">
<h1>This redirect URL is not registered</h1>
<p>${escapeHtml(redirectUri)} is not one of the app's redirect URLs, so ${service} sends nobody there.</p>
</main></body></html>`;
}

/**
 * The fakes' authorize step: with `?decision=deny` (or a click on Cancel) send the
 * browser back with error=access_denied; with `decision=approve` (or autoApprove) let
 * the caller issue a code; otherwise show the consent page whose links carry the decision.
 * Returns true when the caller should go on and approve.
 */
export function consentDecision(
  req: Request,
  res: Response,
  options: {
    autoApprove: boolean;
    back: URL;
    denyDescription?: string;
    page: (links: { approve: string; deny: string }) => Omit<Parameters<typeof consentPage>[0], "approve" | "deny"> & {
      approveText: string;
      denyText: string;
    };
  },
): boolean {
  const decision = req.query.decision ?? (options.autoApprove ? "approve" : undefined);
  if (decision === "approve") return true;
  if (decision === "deny") {
    options.back.searchParams.set("error", "access_denied");
    if (options.denyDescription) options.back.searchParams.set("error_description", options.denyDescription);
    res.redirect(302, options.back.toString());
    return false;
  }
  const link = (value: string) => {
    const u = new URL(req.originalUrl, "http://x");
    u.searchParams.set("decision", value);
    return u.pathname + u.search;
  };
  const links = { approve: link("approve"), deny: link("deny") };
  const { approveText, denyText, ...page } = options.page(links);
  res.type("html").send(consentPage({ ...page, approve: { href: links.approve, text: approveText }, deny: { href: links.deny, text: denyText } }));
  return false;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
