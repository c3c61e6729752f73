"use client";

import Editor from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { SkeletonRows } from "@/app/_components/loading";
import { loadMonaco } from "./monaco-loader";

// Monaco for one Function's TypeScript. Rendered only in the browser (see code-editor-lazy).

type MonacoModule = Awaited<ReturnType<typeof loadMonaco>>;

function configure(monaco: MonacoModule, lib: string): { dispose(): void } {
  const ts = monaco.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    lib: ["es2023"],
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
  });
  // As on save: `strict`, except that the implicit-any family of errors (7xxx) is not reported.
  ts.typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: false,
    noSyntaxValidation: false,
    diagnosticCodesToIgnore: Array.from({ length: 1000 }, (_, i) => 7000 + i),
  });
  return ts.typescriptDefaults.addExtraLib(lib, "file:///switchboard/function-api.d.ts");
}

export default function CodeEditor({
  value,
  onChange,
  lib,
  path,
  readOnly = false,
  height = "100%",
}: {
  value: string;
  onChange?: (value: string) => void;
  /** Declarations for `ctx` and the payload. */
  lib: string;
  /** A model path per Function node, e.g. "fn1". */
  path: string;
  readOnly?: boolean;
  height?: string;
}) {
  const [monaco, setMonaco] = useState<MonacoModule | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadMonaco().then(
      (loaded) => live && setMonaco(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!monaco) return;
    const extra = configure(monaco, lib);
    return () => extra.dispose();
  }, [monaco, lib]);

  if (failed) return <div className="alert alert-error">The code editor could not load. Reload the page to try again.</div>;
  if (!monaco) return <SkeletonRows rows={6} label="Loading the code editor…" />;

  return (
    <Editor
      height={height}
      language="typescript"
      path={`file:///functions/${path}.ts`}
      value={value}
      onChange={(next) => onChange?.(next ?? "")}
      loading={<SkeletonRows rows={6} label="Loading the code editor…" />}
      options={{
        readOnly,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fixedOverflowWidgets: true,
        renderLineHighlight: "line",
      }}
    />
  );
}
