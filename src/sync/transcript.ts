import type { Utterance } from "../hubspot/engagements";

/**
 * Zoom's transcript (WebVTT) as HubSpot transcript utterances
 * (POST /crm/extensions/calling/2026-09/transcripts, reference platform-2026 §B6). Zoom writes each cue as
 * "Speaker Name: text"; a cue without a speaker is attributed to "Unknown speaker".
 */
export function vttToUtterances(vtt: string): Utterance[] {
  const out: Utterance[] = [];
  const blocks = vtt.replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split("\n").map((l) => l.trim()).filter(Boolean);
    const timing = lines.findIndex((l) => l.includes("-->"));
    const timingLine = lines[timing];
    if (timingLine === undefined) continue;
    const [from, to] = timingLine.split("-->").map((t) => parseTimestamp(t.trim().split(/\s+/)[0] ?? ""));
    const text = lines.slice(timing + 1).join(" ");
    if (from === undefined || to === undefined || !text) continue;
    const match = /^([^:]{1,80}):\s+(.*)$/.exec(text);
    const name = match?.[1]?.trim() ?? "Unknown speaker";
    out.push({
      speaker: { id: speakerId(name), name },
      text: match?.[2] ?? text,
      startTimeMillis: from,
      endTimeMillis: Math.max(from, to),
    });
  }
  return out;
}

/** "hh:mm:ss.mmm" or "mm:ss.mmm" → milliseconds. */
function parseTimestamp(t: string): number | undefined {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(t);
  if (!m) return undefined;
  const [, h = "0", min, s, ms = ""] = m;
  return ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(ms.padEnd(3, "0"));
}

const speakerId = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "unknown";
