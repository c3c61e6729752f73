"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage } from "@/app/_trpc/errors";
import { Spinner } from "@/app/_components/loading";
import { formatRelative } from "@/app/_components/format";
import type { PipelineGraph } from "./graph";
import { statusTone } from "./run-status";
import type { NodeError, NodeRunResult } from "./types";

interface Fixture {
  name: string;
  type: string;
  payload?: unknown;
}

interface RecentEvent {
  id: string;
  type: string;
  payload?: unknown;
  createdAt: string;
  connectionId: string | null;
}

type Source = "recent" | "fixture" | "paste";

/** Runs the draft (not the saved version) on one event and reports every node. */
export function TestRunPanel({
  integrationKey,
  graph,
  fixtures,
  recentEvents,
  recentLoading,
  results,
  onResults,
  onRejected,
  onSelectNode,
}: {
  integrationKey: string;
  graph: PipelineGraph;
  fixtures: Fixture[];
  recentEvents: RecentEvent[];
  recentLoading: boolean;
  results: NodeRunResult[];
  onResults: (results: NodeRunResult[]) => void;
  onRejected: (message: string, errors: NodeError[]) => void;
  onSelectNode: (id: string) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [source, setSource] = useState<Source>(recentEvents.length ? "recent" : "fixture");
  const [recentId, setRecentId] = useState("");
  const [fixtureIndex, setFixtureIndex] = useState(0);
  const [pasteType, setPasteType] = useState("test.event");
  const [pasteJson, setPasteJson] = useState('{\n  "id": "123"\n}');
  const [sendForReal, setSendForReal] = useState(false);
  const [inputError, setInputError] = useState<string | null>(null);
  const [rejection, setRejection] = useState<string | null>(null);

  const run = useMutation(
    trpc.pipelines.testRun.mutationOptions({
      onSuccess: (result) => {
        if (result.ok) {
          setRejection(null);
          onResults(result.nodes);
        } else {
          setRejection(result.message);
          onRejected(result.message, result.nodeErrors);
        }
      },
    }),
  );

  const chooseEvent = (): { type: string; payload: unknown; connectionId?: string } | null => {
    if (source === "recent") {
      const event = recentEvents.find((candidate) => candidate.id === recentId) ?? recentEvents[0];
      if (!event) return null;
      return { type: event.type, payload: event.payload, ...(event.connectionId ? { connectionId: event.connectionId } : {}) };
    }
    if (source === "fixture") {
      const fixture = fixtures[fixtureIndex];
      return fixture ? { type: fixture.type, payload: fixture.payload } : null;
    }
    try {
      return { type: pasteType.trim() || "test.event", payload: JSON.parse(pasteJson) as unknown };
    } catch (error) {
      setInputError(`The payload is not valid JSON: ${(error as Error).message}`);
      return null;
    }
  };

  const start = () => {
    setInputError(null);
    const event = chooseEvent();
    if (!event) {
      setInputError((current) => current ?? "Choose an event to run the pipeline on.");
      return;
    }
    run.mutate({ key: integrationKey, graph, event, sendForReal });
  };

  return (
    <div className="panel-section test-run" data-testid="test-run-panel">
      <div>
        <h2>Test run</h2>
        <p className="muted">
          Runs this draft on one event. Forwards and API calls are shown, not sent, unless you tick &ldquo;Send for real&rdquo;.
        </p>
      </div>
      <fieldset className="source-choice">
        <legend className="field-label">Event</legend>
        <label>
          <input type="radio" name={`${id}-source`} checked={source === "recent"} onChange={() => setSource("recent")} />
          Recent event{recentEvents.length ? ` (${recentEvents.length})` : ""}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === "fixture"}
            onChange={() => setSource("fixture")}
            data-testid="source-fixture"
          />
          Provider sample
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === "paste"}
            onChange={() => setSource("paste")}
            data-testid="source-paste"
          />
          Paste JSON
        </label>
      </fieldset>

      {source === "recent" ? (
        recentLoading ? (
          <p className="muted">Loading recent events…</p>
        ) : recentEvents.length === 0 ? (
          <p className="muted">No events have arrived for this integration yet. Use a provider sample or paste a payload.</p>
        ) : (
          <select
            className="select"
            aria-label="Recent event"
            value={recentId || recentEvents[0]!.id}
            onChange={(event) => setRecentId(event.target.value)}
            data-testid="recent-event-select"
          >
            {recentEvents.map((event) => (
              <option key={event.id} value={event.id}>
                {event.type} · {formatRelative(event.createdAt)}
                {event.connectionId ? ` · ${event.connectionId}` : ""}
              </option>
            ))}
          </select>
        )
      ) : null}
      {source === "fixture" ? (
        fixtures.length === 0 ? (
          <p className="muted">This provider has no samples. Paste a payload instead.</p>
        ) : (
          <select
            className="select"
            aria-label="Provider sample"
            value={fixtureIndex}
            onChange={(event) => setFixtureIndex(Number(event.target.value))}
            data-testid="fixture-select"
          >
            {fixtures.map((fixture, index) => (
              <option key={index} value={index}>
                {fixture.name} ({fixture.type})
              </option>
            ))}
          </select>
        )
      ) : null}
      {source === "paste" ? (
        <>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-type`}>
              Event type
            </label>
            <input
              id={`${id}-type`}
              className="input mono"
              value={pasteType}
              onChange={(event) => setPasteType(event.target.value)}
              data-testid="paste-type"
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-json`}>
              Payload (JSON)
            </label>
            <textarea
              id={`${id}-json`}
              className="textarea"
              rows={8}
              value={pasteJson}
              onChange={(event) => setPasteJson(event.target.value)}
              aria-invalid={inputError ? true : undefined}
              data-testid="paste-json"
            />
          </div>
        </>
      ) : null}

      <label className="checkbox">
        <input
          type="checkbox"
          checked={sendForReal}
          onChange={(event) => setSendForReal(event.target.checked)}
          data-testid="send-for-real"
        />
        Send for real <span className="muted">(deliver forwards and make API calls)</span>
      </label>
      {inputError ? (
        <div className="alert alert-error" role="alert">
          {inputError}
        </div>
      ) : null}
      {run.isError ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(run.error)}
        </div>
      ) : null}
      {rejection ? (
        <div className="alert alert-error" role="alert" data-testid="test-run-rejected">
          {rejection}
        </div>
      ) : null}
      <button
        type="button"
        className="btn btn-primary"
        onClick={start}
        disabled={run.isPending}
        aria-busy={run.isPending}
        data-testid="run-test"
      >
        {run.isPending ? (
          <>
            <Spinner />
            Running…
          </>
        ) : (
          "Run draft"
        )}
      </button>

      {results.length ? (
        <div className="run-results" data-testid="test-run-results">
          <h3>Nodes</h3>
          <ul>
            {results.map((result, i) => (
              // A node with several incoming edges runs once per value, so it may be listed more than once.
              <li key={`${result.nodeId}:${i}`}>
                <button
                  type="button"
                  className="run-result-row"
                  onClick={() => onSelectNode(result.nodeId)}
                  data-testid={`run-row-${result.nodeId}`}
                >
                  <span className="mono">{result.nodeId}</span>
                  <span className={`badge badge-${statusTone(result.status)}`}>{result.status}</span>
                  <span className="faint">{typeof result.durationMs === "number" ? `${result.durationMs.toFixed(1)} ms` : ""}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="faint">Select a node to see its input, output and logs.</p>
        </div>
      ) : null}
    </div>
  );
}
