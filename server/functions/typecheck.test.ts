import { describe, expect, it } from "vitest";
import { checkFunctionSource, typeCheckFunction } from "./typecheck";

describe("Function type check on save", () => {
  it("passes a Function that uses ctx.proxy, ctx.records and ctx.forward as declared", () => {
    const source = `interface Contact { id: string; email?: string }

export default async function (ctx) {
  const contact = ctx.event.payload.object as Contact;
  const details = await ctx.proxy<{ company: string }>({ method: "GET", endpoint: "/contacts/" + contact.id, params: { full: true } });
  const written = await ctx.records.save("Contact", [{ id: contact.id, company: details.data.company }]);
  ctx.log.info("saved", written.added);
  await ctx.forward({ ...contact, company: details.data.company });
  const seen = [];
  seen.push(contact.id);
  return { contact, connection: ctx.connection?.id ?? null, seen };
}`;
    expect(typeCheckFunction(source)).toEqual([]);
  });

  it("reports a type error as a problem at its line and column", () => {
    const source = "export default async (ctx) => {\n  const count: number = ctx.event.type;\n  return count;\n};";
    expect(typeCheckFunction(source)).toEqual([{ line: 2, column: 9, message: "Type 'string' is not assignable to type 'number'." }]);
  });

  it("types ctx without an annotation, in every way a default export is written", () => {
    const forms = [
      "export default async function (ctx) {\n  return ctx.nonexistent;\n}",
      "export default async function handler(ctx) {\n  return ctx.nonexistent;\n}",
      "export default async (ctx) => {\n  return ctx.nonexistent;\n};",
      "export default async ctx => {\n  return ctx.nonexistent;\n};",
      "const handler = async (ctx) => {\n  return ctx.nonexistent;\n};\nexport default handler;",
      "async function handler(ctx) {\n  return ctx.nonexistent;\n}\nexport { handler as default };",
    ];
    for (const source of forms) {
      expect(typeCheckFunction(source), source).toEqual([
        { line: 2, column: 14, message: "Property 'nonexistent' does not exist on type 'SwitchboardContext<any>'." },
      ]);
    }
  });

  it("maps columns past the inserted annotation back to the user's line", () => {
    expect(typeCheckFunction("export default async ctx => ctx.nonexistent")).toEqual([
      { line: 1, column: 33, message: expect.stringContaining("'nonexistent'") as unknown },
    ]);
  });

  it("accepts the editor's `ctx: Context` and `EventPayload`", () => {
    expect(typeCheckFunction("export default async function (ctx: Context) { return { ...ctx.event.payload, enriched: true }; }")).toEqual(
      [],
    );
    expect(typeCheckFunction("export default async (ctx: Context) => { const p: EventPayload = ctx.event.payload; return p; }")).toEqual(
      [],
    );
  });

  it("checks ctx calls' arguments and null connections, strictly", () => {
    const problems = typeCheckFunction(
      "export default async (ctx) => {\n  await ctx.proxy({ endpoint: 42 });\n  return ctx.connection.id;\n};",
    );
    expect(problems).toEqual([
      { line: 2, column: 21, message: "Type 'number' is not assignable to type 'string'." },
      { line: 3, column: 10, message: "'ctx.connection' is possibly 'null'." },
    ]);
  });

  it("allows implicit any outside ctx", () => {
    expect(typeCheckFunction("const pick = (o, k) => o[k];\nexport default async (ctx) => pick(ctx.event.payload, 'id');")).toEqual([]);
  });

  it("names Node.js globals and modules as unavailable", () => {
    expect(typeCheckFunction("export default async () => process.env.SECRET")).toEqual([
      {
        line: 1,
        column: 28,
        message:
          "Cannot find name 'process'. Functions run without Node.js APIs (no process, require or modules): reach the outside through ctx.",
      },
    ]);
    expect(typeCheckFunction("import fs from 'node:fs';\nexport default async () => fs.readFileSync('/etc/passwd')")[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining("Cannot find module 'node:fs'") as unknown,
    });
  });

  it("reports syntax errors once, as the sandbox compiler sees them, before types", async () => {
    const problems = await checkFunctionSource("export default async (ctx) => {\n  return ctx.\n}");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 1 });
    expect(await checkFunctionSource("export default async (ctx) => ctx.nonexistent")).toEqual([
      expect.objectContaining({ line: 1, column: 35 }),
    ]);
  });

  it("reuses the parsed library: a check costs tens of milliseconds, not a second", () => {
    typeCheckFunction("export default async (ctx) => ctx.event.type");
    const started = performance.now();
    for (let i = 0; i < 5; i++) typeCheckFunction(`export default async (ctx) => ctx.event.type + ${i}`);
    expect((performance.now() - started) / 5).toBeLessThan(250);
  });
});
