import { CodeBlock } from "@/app/_components/code-block";

/** Pretty JSON when the body is JSON, else the text as received; binary stays base64. */
export function RequestBody({ body, encoding, contentType }: { body: string; encoding: "utf8" | "base64"; contentType?: string }) {
  if (body.length === 0) return <p className="muted">Empty body.</p>;
  if (encoding === "base64") {
    return (
      <>
        <p className="muted">Binary body{contentType ? ` (${contentType})` : ""}, shown as base64.</p>
        <CodeBlock code={body} what="body" testId="webhook-body" />
      </>
    );
  }
  let shown = body;
  try {
    shown = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON (form-encoded, XML, text): show it exactly as received.
  }
  return <CodeBlock code={shown} what="body" testId="webhook-body" />;
}
