"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlow, ReactFlowProvider, Background, BackgroundVariant, Controls } from "@xyflow/react";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage } from "@/app/_trpc/errors";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows, Spinner } from "@/app/_components/loading";
import { formatDateTime, formatJson, formatRelative } from "@/app/_components/format";
import { kindInfo, type PipelineGraph } from "./graph";
import { diffGraphs, type DiffLine } from "./diff";
import { OverlayContext } from "./overlay";
import { PipelineNode } from "./pipeline-node";
import { nodeKinds } from "./graph";

const readOnlyNodeTypes = Object.fromEntries(nodeKinds.map((kind) => [kind, PipelineNode]));
const readOnlyOverlay = { errors: new Map<string, string[]>(), results: new Map(), readOnly: true };

const DRAFT = 0;

/** Saved versions: who saved them, when, why; view one, compare two, re-activate. */
export function VersionsPanel({
  integrationKey,
  draft,
  dirty,
  onLoad,
}: {
  integrationKey: string;
  draft: PipelineGraph;
  dirty: boolean;
  functionLib: string;
  onLoad: (graph: PipelineGraph, asBaseline: boolean, number?: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.pipelines.versions.queryOptions({ key: integrationKey }));
  const [viewing, setViewing] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [fromChoice, setFromChoice] = useState<number | null>(null);
  const [toChoice, setToChoice] = useState<number>(DRAFT);

  const activate = useMutation(
    trpc.pipelines.activate.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.pipelines.versions.queryKey({ key: integrationKey }) });
        void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
        const version = await queryClient.fetchQuery(trpc.pipelines.version.queryOptions({ key: integrationKey, number: result.number }));
        queryClient.setQueryData(trpc.pipelines.get.queryKey({ key: integrationKey }), (cached) =>
          cached ? { ...cached, activeVersion: { ...version, active: true } } : cached,
        );
        if (!dirty || window.confirm(`Version ${result.number} is active. Replace your unsaved draft with it in the editor?`)) {
          onLoad(version.graph as PipelineGraph, true, result.number);
        }
      },
    }),
  );

  if (versions.isPending) return <SkeletonRows rows={4} label="Loading versions…" />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  const list = versions.data;
  if (list.length === 0) {
    return (
      <div className="panel-section">
        <h2>Versions</h2>
        <p className="muted">
          No versions yet. Each save creates an immutable version and makes it active; you can come back to any of them here.
        </p>
      </div>
    );
  }
  const from = fromChoice ?? list.find((version) => version.active)?.number ?? list[0]!.number;

  return (
    <div className="panel-section" data-testid="versions-panel">
      <h2>Versions</h2>
      {activate.isError ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(activate.error)}
        </div>
      ) : null}
      <ol className="version-list">
        {list.map((version) => (
          <li key={version.id} className="version-item" data-testid="version-row" data-number={version.number}>
            <div className="version-head">
              <strong>v{version.number}</strong>
              {version.active ? <span className="badge badge-success">active</span> : null}
              <span className="faint" title={formatDateTime(version.createdAt)}>
                {formatRelative(version.createdAt)}
              </span>
            </div>
            <div className="version-message">{version.message ?? <span className="faint">No message</span>}</div>
            <div className="faint">{version.createdBy ?? "API"}</div>
            <div className="version-actions">
              <button type="button" className="btn btn-sm" onClick={() => setViewing(version.number)}>
                View
              </button>
              {version.active ? null : (
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={activate.isPending}
                  onClick={() => activate.mutate({ key: integrationKey, number: version.number })}
                  data-testid={`activate-${version.number}`}
                >
                  {activate.isPending && activate.variables?.number === version.number ? <Spinner /> : null}
                  Activate
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>

      <div className="compare-box">
        <h3>Compare</h3>
        <div className="field-pair">
          <select className="select" aria-label="Compare from" value={from} onChange={(event) => setFromChoice(Number(event.target.value))}>
            {list.map((version) => (
              <option key={version.number} value={version.number}>
                v{version.number}
              </option>
            ))}
          </select>
          <select className="select" aria-label="Compare to" value={toChoice} onChange={(event) => setToChoice(Number(event.target.value))}>
            <option value={DRAFT}>Current draft</option>
            {list.map((version) => (
              <option key={version.number} value={version.number}>
                v{version.number}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn btn-sm" onClick={() => setCompare({ from, to: toChoice })} data-testid="compare-versions">
          Show differences
        </button>
      </div>

      {viewing !== null ? (
        <VersionDialog
          integrationKey={integrationKey}
          number={viewing}
          onClose={() => setViewing(null)}
          onOpen={(graph) => {
            if (!dirty || window.confirm("Replace your unsaved draft with this version? The draft is lost.")) {
              onLoad(graph, false);
              setViewing(null);
            }
          }}
        />
      ) : null}
      {compare ? (
        <DiffDialog integrationKey={integrationKey} draft={draft} from={compare.from} to={compare.to} onClose={() => setCompare(null)} />
      ) : null}
    </div>
  );
}

/** A <dialog> shown as a modal as soon as it mounts. */
function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element && !element.open) element.showModal();
  }, []);
  return ref;
}

function VersionDialog({
  integrationKey,
  number,
  onClose,
  onOpen,
}: {
  integrationKey: string;
  number: number;
  onClose: () => void;
  onOpen: (graph: PipelineGraph) => void;
}) {
  const trpc = useTRPC();
  const version = useQuery(trpc.pipelines.version.queryOptions({ key: integrationKey, number }, { staleTime: Infinity }));
  const modalRef = useModal();
  const graph = version.data?.graph as PipelineGraph | undefined;
  return (
    <dialog ref={modalRef} className="dialog wide-dialog" onClose={onClose} aria-labelledby="version-title" data-testid="version-dialog">
      <div className="code-dialog-head">
        <div>
          <h2 id="version-title">Version {number} (read-only)</h2>
          {version.data ? (
            <p className="muted">
              {version.data.message ?? "No message"} · {version.data.createdBy ?? "API"} · {formatDateTime(version.data.createdAt)}
            </p>
          ) : null}
        </div>
        <div className="toolbar">
          {graph ? (
            <button type="button" className="btn" onClick={() => onOpen(graph)}>
              Open in editor
            </button>
          ) : null}
          <button type="button" className="btn btn-primary" onClick={() => modalRef.current?.close()}>
            Close
          </button>
        </div>
      </div>
      {version.isPending ? <SkeletonRows rows={4} /> : null}
      {version.isError ? <ErrorState error={version.error} /> : null}
      {graph ? (
        <div className="version-view">
          <div className="version-canvas">
            <ReactFlowProvider>
              <OverlayContext value={readOnlyOverlay}>
                <ReactFlow
                  nodes={graph.nodes.map((node) => ({ ...node, data: node.data }))}
                  edges={graph.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target, type: "smoothstep" }))}
                  nodeTypes={readOnlyNodeTypes}
                  nodesDraggable={false}
                  nodesConnectable={false}
                  elementsSelectable={false}
                  fitView
                  style={{ position: "absolute", inset: 0 }}
                  proOptions={{ hideAttribution: true }}
                >
                  <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="#cfd3da" />
                  <Controls showInteractive={false} />
                </ReactFlow>
              </OverlayContext>
            </ReactFlowProvider>
          </div>
          <div className="version-nodes">
            {graph.nodes.map((node) => (
              <details key={node.id}>
                <summary>
                  <span className="mono">{node.id}</span> {kindInfo[node.type].label}
                </summary>
                {node.type === "function" ? (
                  <pre className="json">{typeof node.data.code === "string" ? node.data.code : ""}</pre>
                ) : (
                  <pre className="json">{formatJson(node.data)}</pre>
                )}
              </details>
            ))}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

function CodeDiff({ lines }: { lines: DiffLine[] }) {
  return (
    <pre className="code-diff" data-testid="code-diff">
      {lines.map((line, index) => (
        <div key={index} className={`diff-${line.kind}`}>
          <span className="diff-sign">{line.kind === "added" ? "+" : line.kind === "removed" ? "−" : " "}</span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}

function DiffDialog({
  integrationKey,
  draft,
  from,
  to,
  onClose,
}: {
  integrationKey: string;
  draft: PipelineGraph;
  from: number;
  to: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const modalRef = useModal();
  const a = useQuery(trpc.pipelines.version.queryOptions({ key: integrationKey, number: from }, { staleTime: Infinity }));
  const b = useQuery(
    trpc.pipelines.version.queryOptions(
      { key: integrationKey, number: to === DRAFT ? from : to },
      { staleTime: Infinity, enabled: to !== DRAFT },
    ),
  );
  const before = a.data?.graph as PipelineGraph | undefined;
  const after = to === DRAFT ? draft : (b.data?.graph as PipelineGraph | undefined);
  const diff = before && after ? diffGraphs(before, after) : null;
  const empty =
    diff && !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.edgesAdded.length && !diff.edgesRemoved.length;
  return (
    <dialog ref={modalRef} className="dialog wide-dialog" onClose={onClose} aria-labelledby="diff-title" data-testid="diff-dialog">
      <div className="code-dialog-head">
        <h2 id="diff-title">
          v{from} → {to === DRAFT ? "current draft" : `v${to}`}
        </h2>
        <button type="button" className="btn btn-primary" onClick={() => modalRef.current?.close()}>
          Close
        </button>
      </div>
      <div className="diff-body">
        {a.isError ? <ErrorState error={a.error} /> : null}
        {b.isError ? <ErrorState error={b.error} /> : null}
        {!diff ? <SkeletonRows rows={4} /> : null}
        {empty ? <p className="muted">No differences (node positions are not compared).</p> : null}
        {diff?.added.length ? (
          <section>
            <h3>Nodes added</h3>
            <ul>
              {diff.added.map((node) => (
                <li key={node.id} className="diff-added-item">
                  + <span className="mono">{node.id}</span> {kindInfo[node.type].label}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff?.removed.length ? (
          <section>
            <h3>Nodes removed</h3>
            <ul>
              {diff.removed.map((node) => (
                <li key={node.id} className="diff-removed-item">
                  − <span className="mono">{node.id}</span> {kindInfo[node.type].label}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff?.edgesAdded.length || diff?.edgesRemoved.length ? (
          <section>
            <h3>Connections</h3>
            <ul>
              {diff.edgesAdded.map((edge) => (
                <li key={`+${edge}`} className="diff-added-item mono">
                  + {edge}
                </li>
              ))}
              {diff.edgesRemoved.map((edge) => (
                <li key={`-${edge}`} className="diff-removed-item mono">
                  − {edge}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff?.changed.length ? (
          <section>
            <h3>Nodes changed</h3>
            {diff.changed.map((change) => (
              <div key={change.id} className="diff-change" data-testid={`diff-changed-${change.id}`}>
                <div>
                  <span className="mono">{change.id}</span> {kindInfo[change.type].label}: {change.fields.join(", ")}
                </div>
                {change.code ? <CodeDiff lines={change.code} /> : null}
              </div>
            ))}
          </section>
        ) : null}
      </div>
    </dialog>
  );
}
