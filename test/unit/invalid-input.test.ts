import { z } from "zod";
import { firstProblem, invalidInput } from "../../src/http/invalid-input";

const Settings = z.strictObject({ exclusions: z.strictObject({ hostDomains: z.array(z.string().regex(/\./, "must be a domain")) }) });
const Events = z.array(z.object({ occurredAt: z.number({ error: "must be a number" }) }));

const failure = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected a failure");
  return parsed.error;
};

describe("zod errors as 400 answers (src/http/invalid-input.ts)", () => {
  it("lists every problem with its dotted path, each unknown key named itself", () => {
    const err = invalidInput(failure(Settings, { exclusions: { hostDomains: ["ok.example", "nodomain"] }, extra: 1, other: 2 }), { code: "VALIDATION", message: "The request has invalid fields" });
    expect(err).toMatchObject({ code: "VALIDATION", status: 400, message: "The request has invalid fields" });
    expect(err.details).toEqual({
      errors: [
        { path: "exclusions.hostDomains.1", message: "must be a domain" },
        { path: "extra", message: "is not a known field" },
        { path: "other", message: "is not a known field" },
      ],
    });
  });

  it.each([
    ["an event of a webhook array", Events, [{ occurredAt: 1 }, { occurredAt: "soon" }], "body", "body[1].occurredAt: must be a number"],
    ["a field of a Zoom payload", z.object({ object: z.object({ id: z.string({ error: "is required" }) }) }), { object: {} }, "payload", "payload.object.id: is required"],
    ["the envelope itself", z.object({ event: z.string({ error: "is required" }) }), {}, undefined, "event: is required"],
    ["the whole body", Events, "not an array", undefined, "body: Invalid input: expected array, received string"],
  ])("names the first problem where it is: %s", (_what, schema, value, at, message) => {
    expect(firstProblem(failure(schema, value), at)).toBe(message);
    expect(invalidInput(failure(schema, value), { code: "MALFORMED_EVENT", at }).message).toBe(message);
  });

  it("says the problems in their own words for a person at a form", () => {
    const Form = z.object({ topic: z.string().min(1, "Give the webinar a topic"), hostId: z.string().min(1, "Choose a host") });
    expect(invalidInput(failure(Form, { topic: "", hostId: "" }), { code: "VALIDATION", plain: true }).message).toBe("Give the webinar a topic. Choose a host");
  });

  it("with words, each item also names its field and echoes its value; the paths and the 400 stay as they were", () => {
    const input = { exclusions: { hostDomains: ["ok.example", "nodomain"] }, extra: 1 };
    const err = invalidInput(failure(Settings, input), {
      code: "VALIDATION",
      message: "The request has invalid fields",
      words: {
        input,
        describe: ({ path, value, message, unknownKey }) => ({ field: `field ${path.join("/")}`, message: `${unknownKey ? "unknown" : JSON.stringify(value)} ${message}` }),
      },
    });
    expect(err).toMatchObject({ code: "VALIDATION", status: 400, message: "The request has invalid fields" });
    expect(err.details).toEqual({
      errors: [
        { path: "exclusions.hostDomains.1", field: "field exclusions/hostDomains/1", value: "nodomain", message: '"nodomain" must be a domain' },
        { path: "extra", field: "field extra", value: 1, message: "unknown is not a known field" },
      ],
    });
  });
});
