"use client";

import "@xyflow/react/dist/style.css";
import "./pipelines.css";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeTypes,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type DragEvent } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode, errorMessage } from "@/app/_trpc/errors";
import { PageHeader } from "@/app/_components/page-header";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows, Spinner } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { ProviderName } from "@/app/_components/provider-mark";
import { isNodeKind, kindInfo, nodeKinds, starterGraph, type GraphNode, type NodeKind, type PipelineGraph } from "./graph";
import { editorReducer, graphFingerprint, initialState, toGraph } from "./editor-state";
import { PipelineNode } from "./pipeline-node";
import { OverlayContext, type CanvasOverlay } from "./overlay";
import { Palette, DRAG_TYPE } from "./palette";
import { NodePanel } from "./node-panel";
import { autoLayout, NODE_WIDTH } from "./layout";
import { useLeaveGuard } from "./use-leave-guard";
import { CodeDialog } from "./code-dialog";
import { TestRunPanel } from "./test-run-panel";
import { VersionsPanel } from "./versions-panel";
import { RunsPanel } from "./runs-panel";
import { inferPayloadType } from "./payload-types";
import { buildFunctionLib } from "./function-lib";
import type { NodeError, NodeRunResult } from "./types";

const breadcrumb = <Link href="/pipelines">Pipelines</Link>;

export const flowNodeTypes: NodeTypes = Object.fromEntries(nodeKinds.map((kind) => [kind, PipelineNode]));

export function PipelineEditorPage({ integrationKey }: { integrationKey: string }) {
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ key: integrationKey }, { refetchOnWindowFocus: false, staleTime: Infinity }));

  if (pipeline.isPending) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={integrationKey} />
        <div className="card">
          <SkeletonRows rows={5} label="Loading pipeline…" />
        </div>
      </>
    );
  }
  if (pipeline.isError) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={integrationKey} />
        {errorCode(pipeline.error) === "NOT_FOUND" ? (
          <div className="card">
            <EmptyState
              title="Integration not found"
              actions={
                <Link className="btn" href="/pipelines">
                  Back to pipelines
                </Link>
              }
            >
              There is no integration &ldquo;{integrationKey}&rdquo; in this environment. It may have been deleted, or it belongs to another
              environment.
            </EmptyState>
          </div>
        ) : (
          <ErrorState error={pipeline.error} onRetry={() => void pipeline.refetch()} />
        )}
      </>
    );
  }

  const { integration, activeVersion } = pipeline.data;
  return (
    <ReactFlowProvider>
      <PipelineEditor
        // Mounted once per integration: saving or activating updates the cached pipeline, which
        // must not reset the draft, its undo history or the test run on screen.
        key={integration.key}
        integrationKey={integration.key}
        provider={integration.provider}
        providerName={integration.providerName}
        activeVersion={activeVersion ? { number: activeVersion.number, graph: activeVersion.graph as PipelineGraph } : null}
      />
    </ReactFlowProvider>
  );
}

type SideTab = "inspector" | "test" | "versions" | "runs";

function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.closest(".monaco-editor") !== null;
}

function PipelineEditor({
  integrationKey,
  provider,
  providerName,
  activeVersion,
}: {
  integrationKey: string;
  provider: string;
  providerName: string;
  activeVersion: { number: number; graph: PipelineGraph } | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const startGraph = activeVersion?.graph ?? starterGraph();
  const [state, dispatch] = useReducer(editorReducer, startGraph, initialState);
  const [baseline, setBaseline] = useState(() => graphFingerprint(toGraph(initialState(startGraph))));
  const [savedNumber, setSavedNumber] = useState<number | null>(activeVersion?.number ?? null);
  const [errors, setErrors] = useState<NodeError[]>([]);
  const [errorSummary, setErrorSummary] = useState<string | null>(null);
  const [results, setResults] = useState<NodeRunResult[]>([]);
  const [tab, setTab] = useState<SideTab>("inspector");
  const [codeNodeId, setCodeNodeId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  const graph = useMemo(() => toGraph(state), [state]);
  const dirty = graphFingerprint(graph) !== baseline;
  useLeaveGuard(dirty);

  const fixtures = useQuery(trpc.pipelines.fixtures.queryOptions({ key: integrationKey }, { staleTime: Infinity }));
  const recent = useQuery(trpc.pipelines.recentEvents.queryOptions({ key: integrationKey }));
  const functionApi = useQuery(trpc.pipelines.functionTypes.queryOptions(undefined, { staleTime: Infinity }));

  const functionLib = useMemo(() => {
    const samples = [...(fixtures.data ?? []).map((sample) => sample.payload), ...(recent.data ?? []).map((event) => event.payload)];
    return buildFunctionLib(inferPayloadType(samples), functionApi.data?.dts ?? null);
  }, [fixtures.data, recent.data, functionApi.data]);

  const eventTypeSuggestions = useMemo(() => {
    const types = new Set<string>(["*"]);
    for (const sample of fixtures.data ?? []) {
      types.add(sample.type);
      const dot = sample.type.search(/[./][^./]*$/);
      if (dot > 0) types.add(`${sample.type.slice(0, dot + 1)}*`);
    }
    for (const event of recent.data ?? []) types.add(event.type);
    return [...types];
  }, [fixtures.data, recent.data]);

  const overlay = useMemo<CanvasOverlay>(() => {
    const byNode = new Map<string, string[]>();
    for (const error of errors) if (error.nodeId) byNode.set(error.nodeId, [...(byNode.get(error.nodeId) ?? []), error.message]);
    return { errors: byNode, results: new Map(results.map((result) => [result.nodeId, result])), readOnly: false };
  }, [errors, results]);

  const selected = state.nodes.filter((node) => node.selected);
  const selectedNode = selected.length === 1 ? (graph.nodes.find((node) => node.id === selected[0]!.id) ?? null) : null;

  // ---- graph edits ----

  const addNode = useCallback(
    (kind: NodeKind, position?: { x: number; y: number }) => {
      const after = selected.length === 1 && selected[0]!.type !== "forward" && selected[0]!.type !== "sync" ? selected[0] : undefined;
      let at = position;
      if (!at && after) at = { x: after.position.x + NODE_WIDTH + 80, y: after.position.y };
      if (!at) {
        const box = wrapper.current?.getBoundingClientRect();
        at = box
          ? flow.screenToFlowPosition({ x: box.left + box.width / 2 - NODE_WIDTH / 2, y: box.top + box.height / 2 - 36 })
          : { x: 0, y: 0 };
      }
      const spliced = !position && after !== undefined;
      dispatch({ type: "add", kind, position: at, after: spliced ? after.id : undefined, at: Date.now() });
      setTab("inspector");
      if (spliced) requestAnimationFrame(() => void flow.fitView({ padding: 0.3, maxZoom: 1.1, duration: 200 }));
    },
    [flow, selected],
  );

  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(DRAG_TYPE);
    if (!isNodeKind(kind)) return;
    event.preventDefault();
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addNode(kind, { x: point.x - NODE_WIDTH / 2, y: point.y - 30 });
  };

  const onConnect = useCallback((connection: Connection) => {
    dispatch({ type: "connect", source: connection.source, target: connection.target, at: Date.now() });
  }, []);

  const deleteNode = useCallback(
    (id: string) => {
      void flow.deleteElements({ nodes: [{ id }] });
    },
    [flow],
  );

  const deleteSelection = () => {
    void flow.deleteElements({ nodes: selected.map((node) => ({ id: node.id })), edges: state.edges.filter((edge) => edge.selected) });
  };

  const updateData = useCallback((id: string, data: Record<string, unknown>, field: string) => {
    dispatch({ type: "updateData", id, data, key: `${id}:${field}`, at: Date.now() });
  }, []);

  const layout = () => {
    dispatch({ type: "positions", positions: autoLayout(state.nodes, state.edges), at: Date.now() });
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, duration: 200 }));
  };

  const load = (next: PipelineGraph, asBaseline: boolean) => {
    dispatch({ type: "load", graph: next });
    if (asBaseline) setBaseline(graphFingerprint(toGraph(initialState(next))));
    setErrors([]);
    setErrorSummary(null);
    setResults([]);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2 }));
  };

  // Undo / redo from the keyboard, except while typing in a field or the code editor.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || (event.key.toLowerCase() !== "z" && event.key.toLowerCase() !== "y")) return;
      if (isEditableTarget(event.target)) return;
      event.preventDefault();
      const redo = event.key.toLowerCase() === "y" || event.shiftKey;
      dispatch({ type: redo ? "redo" : "undo" });
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  // ---- save ----

  const saveDialog = useRef<HTMLDialogElement>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const dialog = saveDialog.current;
    if (!dialog) return;
    if (saveOpen && !dialog.open) dialog.showModal();
    if (!saveOpen && dialog.open) dialog.close();
  }, [saveOpen]);
  const save = useMutation(
    trpc.pipelines.save.mutationOptions({
      onSuccess: (result, variables) => {
        if (!result.ok) {
          setErrors(result.nodeErrors);
          setErrorSummary(result.message);
          setSaveOpen(false);
          setTab("inspector");
          return;
        }
        setErrors([]);
        setErrorSummary(null);
        setBaseline(graphFingerprint(variables.graph as PipelineGraph));
        setSavedNumber(result.version.number);
        setMessage("");
        setNotice(`Saved as version ${result.version.number}. It is now active.`);
        setSaveOpen(false);
        // Coming back to this page later starts from the version just saved.
        queryClient.setQueryData(trpc.pipelines.get.queryKey({ key: integrationKey }), (cached) =>
          cached ? { ...cached, activeVersion: result.version } : cached,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.pipelines.versions.queryKey({ key: integrationKey }) });
        void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
      },
    }),
  );

  const canSave = dirty || savedNumber === null;
  const openSave = () => {
    save.reset();
    setSaveOpen(true);
  };

  const codeNode = codeNodeId
    ? graph.nodes.find((node): node is Extract<GraphNode, { type: "function" }> => node.id === codeNodeId && node.type === "function")
    : undefined;

  return (
    <div className="pipeline-editor" data-testid="pipeline-editor">
      <PageHeader
        breadcrumb={breadcrumb}
        title={
          <span className="editor-title">
            <span data-testid="pipeline-key">{integrationKey}</span>
            {dirty ? (
              <span className="badge badge-warning" data-testid="unsaved-badge" title="This draft has changes that are not saved">
                <span className="unsaved-dot" aria-hidden="true" />
                Unsaved
              </span>
            ) : savedNumber !== null ? (
              <span className="badge badge-success" data-testid="active-version-badge">
                v{savedNumber} active
              </span>
            ) : (
              <span className="badge" data-testid="default-badge">
                Default: forwards every event
              </span>
            )}
          </span>
        }
        description={<ProviderName id={provider} name={providerName} />}
        actions={
          <>
            {notice && !dirty ? (
              <span className="save-notice" role="status" data-testid="save-notice">
                {notice}
              </span>
            ) : null}
            <button type="button" className="btn btn-primary" onClick={openSave} disabled={!canSave} data-testid="save-pipeline">
              Save…
            </button>
          </>
        }
      />
      {savedNumber === null && !dirty ? (
        <div className="alert alert-info">
          This integration has no pipeline yet, so every event is forwarded to your forward URL. The graph below does the same: change it
          and save to start your first version.
        </div>
      ) : null}

      <div className="editor-frame">
        <Palette onAdd={(kind) => addNode(kind)} disabled={false} />
        <div className="editor-canvas" ref={wrapper} onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
          <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => dispatch({ type: "undo" })}
              disabled={state.past.length === 0}
              title="Undo (Ctrl/⌘+Z)"
              data-testid="undo"
            >
              Undo
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => dispatch({ type: "redo" })}
              disabled={state.future.length === 0}
              title="Redo (Shift+Ctrl/⌘+Z)"
              data-testid="redo"
            >
              Redo
            </button>
            <span className="toolbar-sep" />
            <button type="button" className="btn btn-sm" onClick={layout} data-testid="auto-layout">
              Auto-layout
            </button>
            <button type="button" className="btn btn-sm" onClick={() => void flow.fitView({ padding: 0.2, duration: 200 })}>
              Fit view
            </button>
            <button
              type="button"
              className="btn btn-sm btn-danger-outline"
              onClick={deleteSelection}
              disabled={selected.length === 0 && !state.edges.some((edge) => edge.selected)}
              title="Delete the selection (Delete or Backspace)"
              data-testid="delete-selection"
            >
              Delete
            </button>
          </div>
          <OverlayContext value={overlay}>
            <ReactFlow
              nodes={state.nodes}
              edges={state.edges}
              nodeTypes={flowNodeTypes}
              onNodesChange={(changes) => dispatch({ type: "nodesChange", changes, at: Date.now() })}
              onEdgesChange={(changes) => dispatch({ type: "edgesChange", changes, at: Date.now() })}
              onConnect={onConnect}
              onNodeDragStart={() => dispatch({ type: "checkpoint", key: "drag", at: Date.now() - 5000 })}
              onNodeClick={() => setTab("inspector")}
              onNodeDoubleClick={(_event, node) => node.type === "function" && setCodeNodeId(node.id)}
              isValidConnection={(edge: Edge | Connection) => edge.source !== edge.target}
              deleteKeyCode={["Delete", "Backspace"]}
              defaultEdgeOptions={{ type: "smoothstep" }}
              fitView
              fitViewOptions={{ padding: 0.3, maxZoom: 1.1 }}
              minZoom={0.2}
              maxZoom={2}
              proOptions={{ hideAttribution: true }}
            >
              <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="#cfd3da" />
              <Controls showInteractive={false} position="bottom-left" />
              <MiniMap pannable zoomable position="bottom-right" nodeStrokeWidth={2} ariaLabel="Pipeline overview" />
            </ReactFlow>
          </OverlayContext>
          {state.nodes.length === 0 ? (
            <div className="canvas-empty">
              <strong>An empty pipeline</strong>
              <span>Add a Webhook trigger from the left to start.</span>
            </div>
          ) : null}
        </div>

        <aside className="side-panel" aria-label="Pipeline details">
          <div className="side-tabs" role="tablist" aria-label="Side panel">
            {(
              [
                ["inspector", "Inspector"],
                ["test", "Test run"],
                ["versions", "Versions"],
                ["runs", "Runs"],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={tab === value}
                onClick={() => setTab(value)}
                data-testid={`side-tab-${value}`}
              >
                {label}
                {value === "inspector" && errors.length ? <span className="tab-count">{errors.length}</span> : null}
              </button>
            ))}
          </div>
          <div className="side-body">
            {tab === "inspector" ? (
              selectedNode ? (
                <NodePanel
                  key={selectedNode.id}
                  node={selectedNode}
                  errors={overlay.errors.get(selectedNode.id)}
                  result={overlay.results.get(selectedNode.id)}
                  readOnly={false}
                  eventTypeSuggestions={eventTypeSuggestions}
                  onChange={updateData}
                  onDelete={deleteNode}
                  onEditCode={setCodeNodeId}
                />
              ) : (
                <Overview
                  errors={errors}
                  summary={errorSummary}
                  nodeCount={state.nodes.length}
                  onSelect={(id) => {
                    dispatch({
                      type: "nodesChange",
                      changes: state.nodes.map((node) => ({ type: "select", id: node.id, selected: node.id === id })),
                      at: Date.now(),
                    });
                  }}
                />
              )
            ) : null}
            {tab === "test" ? (
              <TestRunPanel
                integrationKey={integrationKey}
                graph={graph}
                fixtures={fixtures.data ?? []}
                recentEvents={recent.data ?? []}
                recentLoading={recent.isPending}
                results={results}
                onResults={(next) => {
                  setResults(next);
                  setErrors([]);
                  setErrorSummary(null);
                }}
                onRejected={(message, nodeErrors) => {
                  setErrors(nodeErrors);
                  setErrorSummary(message);
                }}
                onSelectNode={(id) => {
                  dispatch({
                    type: "nodesChange",
                    changes: state.nodes.map((node) => ({ type: "select", id: node.id, selected: node.id === id })),
                    at: Date.now(),
                  });
                  setTab("inspector");
                }}
              />
            ) : null}
            {tab === "versions" ? (
              <VersionsPanel
                integrationKey={integrationKey}
                draft={graph}
                dirty={dirty}
                functionLib={functionLib}
                onLoad={(next, asBaseline, number) => {
                  load(next, asBaseline);
                  if (asBaseline && number !== undefined) setSavedNumber(number);
                }}
              />
            ) : null}
            {tab === "runs" ? <RunsPanel integrationKey={integrationKey} /> : null}
          </div>
        </aside>
      </div>

      <dialog ref={saveDialog} className="dialog" aria-labelledby="save-title" onClose={() => setSaveOpen(false)} data-testid="save-dialog">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({ key: integrationKey, graph, message: message.trim() || undefined });
          }}
        >
          <div className="dialog-body">
            <h2 id="save-title">Save a new version</h2>
            <p>The saved version becomes active at once: new events run through it.</p>
            <div className="field">
              <label className="field-label" htmlFor="save-message">
                Message <span className="optional">(optional)</span>
              </label>
              <input
                id="save-message"
                className="input"
                value={message}
                maxLength={500}
                placeholder="What changed?"
                onChange={(event) => setMessage(event.target.value)}
                autoFocus
              />
            </div>
            {save.isError ? (
              <div className="alert alert-error" role="alert">
                {errorMessage(save.error)}
              </div>
            ) : null}
          </div>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setSaveOpen(false)} disabled={save.isPending}>
              Cancel
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={save.isPending}
              aria-busy={save.isPending}
              data-testid="save-confirm"
            >
              {save.isPending ? (
                <>
                  <Spinner />
                  Saving…
                </>
              ) : (
                "Save and activate"
              )}
            </button>
          </div>
        </form>
      </dialog>

      {codeNode ? (
        <CodeDialog
          nodeId={codeNode.id}
          code={codeNode.data.code}
          lib={functionLib}
          errors={overlay.errors.get(codeNode.id)}
          onChange={(code) => updateData(codeNode.id, { ...codeNode.data, code }, "code")}
          onClose={() => setCodeNodeId(null)}
        />
      ) : null}
    </div>
  );
}

function Overview({
  errors,
  summary,
  nodeCount,
  onSelect,
}: {
  errors: NodeError[];
  summary: string | null;
  nodeCount: number;
  onSelect: (id: string) => void;
}) {
  return (
    <div className="panel-section">
      {errors.length ? (
        <div className="problems" data-testid="validation-errors">
          <h2>Problems</h2>
          {summary ? <p className="muted">{summary}</p> : null}
          <ul>
            {errors.map((error, index) => (
              <li key={index}>
                {error.nodeId ? (
                  <button type="button" className="link-button mono" onClick={() => onSelect(error.nodeId!)}>
                    {error.nodeId}
                  </button>
                ) : (
                  <span className="mono">pipeline</span>
                )}
                <span>{error.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="panel-help">
        <h2>{nodeCount === 0 ? "Start with a trigger" : "Select a node to edit it"}</h2>
        <ul className="muted">
          <li>Drag from a node&apos;s right handle to another node&apos;s left handle to connect them.</li>
          <li>Delete or Backspace removes the selection; Ctrl/⌘+Z undoes, Shift+Ctrl/⌘+Z redoes.</li>
          <li>Double-click a Function to edit its code.</li>
          <li>Each node kind: {nodeKinds.map((kind) => kindInfo[kind].label).join(", ")}.</li>
        </ul>
      </div>
    </div>
  );
}
