import { CopyButton } from "./copy-button";

export function CodeBlock({ code, what = "code", testId }: { code: string; what?: string; testId?: string }) {
  return (
    <div className="code-block-wrap">
      <pre className="code-block" data-testid={testId}>
        <code>{code}</code>
      </pre>
      <CopyButton value={code} what={what} />
    </div>
  );
}
