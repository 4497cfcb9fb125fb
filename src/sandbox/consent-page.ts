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

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
