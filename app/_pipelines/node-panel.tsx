"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { filterOps, kindInfo, type FilterCondition, type FilterOp, type GraphNode, type NodeDataByKind } from "./graph";
import { KindIcon } from "./kind-icon";
import { RunDetails } from "./run-details";
import type { NodeRunResult } from "./types";

// The side panel's form for the selected node. Every change goes straight into the draft
// (and its undo history); there is no separate apply step.

type Update = (data: Record<string, unknown>, field: string) => void;

export function NodePanel({
  node,
  errors,
  result,
  readOnly,
  eventTypeSuggestions,
  onChange,
  onDelete,
  onEditCode,
}: {
  node: GraphNode;
  errors: string[] | undefined;
  result: NodeRunResult | undefined;
  readOnly: boolean;
  eventTypeSuggestions: string[];
  onChange: (id: string, data: Record<string, unknown>, field: string) => void;
  onDelete: (id: string) => void;
  onEditCode: (id: string) => void;
}) {
  const [tab, setTab] = useState<"config" | "run">(result ? "run" : "config");
  const update: Update = (data, field) => onChange(node.id, data, field);
  const activeTab = result ? tab : "config";
  return (
    <section className="panel-section" aria-label={`${kindInfo[node.type].label} ${node.id}`} data-testid="node-panel">
      <header className="panel-node-head">
        <span className={`pnode-icon kind-${node.type}`}>
          <KindIcon kind={node.type} />
        </span>
        <div>
          <h2>{kindInfo[node.type].label}</h2>
          <p className="faint mono">{node.id}</p>
        </div>
        {readOnly ? null : (
          <button type="button" className="btn btn-sm btn-danger-outline" onClick={() => onDelete(node.id)} data-testid="delete-node">
            Delete
          </button>
        )}
      </header>
      {errors?.length ? (
        <div className="alert alert-error" role="alert" data-testid="panel-node-errors">
          {errors.map((message) => (
            <div key={message}>{message}</div>
          ))}
        </div>
      ) : null}
      {result ? (
        <div className="segmented" role="tablist" aria-label="Node panel">
          <button type="button" role="tab" aria-selected={activeTab === "config"} onClick={() => setTab("config")}>
            Configuration
          </button>
          <button type="button" role="tab" aria-selected={activeTab === "run"} onClick={() => setTab("run")} data-testid="tab-run">
            Test run
          </button>
        </div>
      ) : null}
      {activeTab === "run" && result ? (
        <RunDetails result={result} />
      ) : (
        <fieldset className="panel-form" disabled={readOnly}>
          <NodeForm node={node} update={update} eventTypeSuggestions={eventTypeSuggestions} onEditCode={() => onEditCode(node.id)} />
        </fieldset>
      )}
    </section>
  );
}

function NodeForm({
  node,
  update,
  eventTypeSuggestions,
  onEditCode,
}: {
  node: GraphNode;
  update: Update;
  eventTypeSuggestions: string[];
  onEditCode: () => void;
}) {
  switch (node.type) {
    case "trigger":
      return <TriggerForm data={node.data} update={update} suggestions={eventTypeSuggestions} />;
    case "filter":
      return <FilterForm data={node.data} update={update} />;
    case "debounce":
      return <DebounceForm data={node.data} update={update} />;
    case "function":
      return <FunctionForm data={node.data} update={update} onEditCode={onEditCode} />;
    case "forward":
      return <ForwardForm data={node.data} update={update} />;
    case "sync":
      return <SyncForm data={node.data} update={update} />;
  }
}

function Row({ label, hint, children, id }: { label: string; hint?: ReactNode; children: ReactNode; id: string }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

function NumberInput({
  id,
  value,
  onChange,
  min,
  step,
}: {
  id: string;
  value: number;
  onChange: (n: number) => void;
  min?: number;
  step?: number;
}) {
  return (
    <input
      id={id}
      className="input"
      type="number"
      inputMode="numeric"
      min={min}
      step={step}
      value={Number.isFinite(value) ? value : ""}
      onChange={(event) => onChange(event.target.value === "" ? 0 : Number(event.target.value))}
    />
  );
}

function TriggerForm({ data, update, suggestions }: { data: NodeDataByKind["trigger"]; update: Update; suggestions: string[] }) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const add = (raw: string) => {
    const values = raw
      .split(/[,\s]+/)
      .map((value) => value.trim())
      .filter((value) => value && !data.eventTypes.includes(value));
    if (values.length) update({ ...data, eventTypes: [...data.eventTypes, ...values] }, "eventTypes");
    setDraft("");
  };
  const remove = (value: string) => update({ ...data, eventTypes: data.eventTypes.filter((existing) => existing !== value) }, "eventTypes");
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add(draft);
    } else if (event.key === "Backspace" && draft === "" && data.eventTypes.length) {
      remove(data.eventTypes.at(-1)!);
    }
  };
  return (
    <Row
      id={id}
      label="Event types"
      hint={
        <>
          Exact (<code>issues.opened</code>), a prefix (<code>orders/*</code>, <code>issues.*</code>) or <code>*</code> for every event.
          Press Enter to add.
        </>
      }
    >
      <div className="tag-input" data-testid="trigger-event-types">
        {data.eventTypes.map((value) => (
          <span key={value} className="tag">
            <span className="mono">{value}</span>
            <button type="button" aria-label={`Remove ${value}`} onClick={() => remove(value)}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          list={`${id}-suggestions`}
          value={draft}
          placeholder={data.eventTypes.length ? "Add another…" : "e.g. issues.*"}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => draft && add(draft)}
          data-testid="trigger-event-type-input"
        />
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </div>
    </Row>
  );
}

/** A typed value from what the user typed: numbers and booleans where the operator compares them. */
function parseValue(op: FilterOp, raw: string): unknown {
  if (op === "contains" || op === "matches") return raw;
  const trimmed = raw.trim();
  if (trimmed !== "" && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  if (op === "eq" || op === "neq") {
    if (trimmed === "true") return true;
    if (trimmed === "false") return false;
    if (trimmed === "null") return null;
  }
  return raw;
}

const opLabels: Record<FilterOp, string> = {
  eq: "equals",
  neq: "does not equal",
  exists: "exists",
  contains: "contains",
  gt: "greater than",
  lt: "less than",
  matches: "matches regex",
};

function FilterForm({ data, update }: { data: NodeDataByKind["filter"]; update: Update }) {
  const id = useId();
  const setConditions = (conditions: FilterCondition[], field: string) => update({ ...data, conditions }, field);
  const change = (index: number, patch: Partial<FilterCondition>, field: string) =>
    setConditions(
      data.conditions.map((condition, i) => {
        if (i !== index) return condition;
        const next = { ...condition, ...patch };
        if (next.op === "exists") delete next.value;
        return next;
      }),
      `${field}${index}`,
    );
  return (
    <>
      <Row id={`${id}-combinator`} label="Pass when">
        <select
          id={`${id}-combinator`}
          className="select"
          value={data.combinator}
          onChange={(event) => update({ ...data, combinator: event.target.value }, "combinator")}
        >
          <option value="and">all conditions match (and)</option>
          <option value="or">any condition matches (or)</option>
        </select>
      </Row>
      <div className="conditions" data-testid="filter-conditions">
        {data.conditions.map((condition, index) => (
          <div className="condition-row" key={index}>
            <input
              className="input mono"
              aria-label={`Condition ${index + 1} path`}
              placeholder="payload.object.status"
              value={condition.path}
              onChange={(event) => change(index, { path: event.target.value }, "path")}
            />
            <select
              className="select"
              aria-label={`Condition ${index + 1} operator`}
              value={condition.op}
              onChange={(event) => change(index, { op: event.target.value as FilterOp }, "op")}
            >
              {filterOps.map((op) => (
                <option key={op} value={op}>
                  {opLabels[op]}
                </option>
              ))}
            </select>
            {condition.op === "exists" ? (
              <span />
            ) : (
              <input
                className="input mono"
                aria-label={`Condition ${index + 1} value`}
                placeholder="value"
                value={
                  condition.value === undefined
                    ? ""
                    : typeof condition.value === "string"
                      ? condition.value
                      : JSON.stringify(condition.value)
                }
                onChange={(event) => change(index, { value: parseValue(condition.op, event.target.value) }, "value")}
              />
            )}
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-label={`Remove condition ${index + 1}`}
              onClick={() =>
                setConditions(
                  data.conditions.filter((_, i) => i !== index),
                  "remove",
                )
              }
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setConditions([...data.conditions, { path: "payload.", op: "eq", value: "" }], "add")}
        >
          Add condition
        </button>
      </div>
      <p className="field-hint">
        Paths start at the event: <code>type</code>, <code>payload.…</code>, <code>connection.id</code>. Numbers and true/false compare as
        values.
      </p>
    </>
  );
}

function DebounceForm({ data, update }: { data: NodeDataByKind["debounce"]; update: Update }) {
  const id = useId();
  return (
    <>
      <Row
        id={`${id}-key`}
        label="Key"
        hint="Events with the same key are debounced together. Template fields: {{connection.id}}, {{event.objectId}}, {{event.type}}, {{payload.…}}."
      >
        <input
          id={`${id}-key`}
          className="input mono"
          value={data.key}
          onChange={(event) => update({ ...data, key: event.target.value }, "key")}
        />
      </Row>
      <div className="field-pair">
        <Row id={`${id}-window`} label="Quiet window (ms)">
          <NumberInput
            id={`${id}-window`}
            min={0}
            step={500}
            value={data.windowMs}
            onChange={(windowMs) => update({ ...data, windowMs }, "windowMs")}
          />
        </Row>
        <Row id={`${id}-max`} label="Maximum wait (ms)">
          <NumberInput
            id={`${id}-max`}
            min={0}
            step={1000}
            value={data.maxWaitMs}
            onChange={(maxWaitMs) => update({ ...data, maxWaitMs }, "maxWaitMs")}
          />
        </Row>
      </div>
      <Row id={`${id}-mode`} label="Passes on">
        <select
          id={`${id}-mode`}
          className="select"
          value={data.mode}
          onChange={(event) => update({ ...data, mode: event.target.value }, "mode")}
        >
          <option value="latest">the latest event (latest)</option>
          <option value="batch">all events as one batch (batch)</option>
        </select>
      </Row>
    </>
  );
}

function FunctionForm({ data, update, onEditCode }: { data: NodeDataByKind["function"]; update: Update; onEditCode: () => void }) {
  const id = useId();
  const preview = data.code.split("\n").slice(0, 8).join("\n");
  return (
    <>
      <div className="field">
        <span className="field-label">Code</span>
        <pre className="code-preview" aria-label="Code preview">
          {preview}
          {data.code.split("\n").length > 8 ? "\n…" : ""}
        </pre>
        <button type="button" className="btn" onClick={onEditCode} data-testid="edit-code">
          Edit code
        </button>
      </div>
      <div className="field-pair">
        <Row id={`${id}-timeout`} label="Timeout (ms)">
          <NumberInput
            id={`${id}-timeout`}
            min={100}
            step={1000}
            value={data.timeoutMs}
            onChange={(timeoutMs) => update({ ...data, timeoutMs }, "timeoutMs")}
          />
        </Row>
        <Row id={`${id}-memory`} label="Memory (MB)">
          <NumberInput
            id={`${id}-memory`}
            min={8}
            step={16}
            value={data.memoryMb}
            onChange={(memoryMb) => update({ ...data, memoryMb }, "memoryMb")}
          />
        </Row>
      </div>
    </>
  );
}

function ForwardForm({ data, update }: { data: NodeDataByKind["forward"]; update: Update }) {
  const id = useId();
  const set = (field: "url" | "bodyTemplate", value: string) => {
    const next = { ...data };
    if (value) next[field] = value;
    else delete next[field];
    update(next, field);
  };
  return (
    <>
      <Row
        id={`${id}-url`}
        label="Destination URL"
        hint="Leave empty to use this environment's forward URL (Settings). Forwards are signed either way."
      >
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          placeholder="Environment forward URL"
          value={data.url ?? ""}
          onChange={(event) => set("url", event.target.value)}
        />
      </Row>
      <Row id={`${id}-body`} label="Body template" hint="Optional. Leave empty to send the standard forward body with the payload.">
        <textarea
          id={`${id}-body`}
          className="textarea"
          rows={4}
          placeholder='{ "id": "{{payload.id}}" }'
          value={data.bodyTemplate ?? ""}
          onChange={(event) => set("bodyTemplate", event.target.value)}
        />
      </Row>
    </>
  );
}

function SyncForm({ data, update }: { data: NodeDataByKind["sync"]; update: Update }) {
  const id = useId();
  return (
    <>
      <div className="field-pair">
        <Row id={`${id}-sync`} label="Sync">
          <input
            id={`${id}-sync`}
            className="input"
            value={data.sync}
            onChange={(event) => update({ ...data, sync: event.target.value }, "sync")}
          />
        </Row>
        <Row id={`${id}-model`} label="Model">
          <input
            id={`${id}-model`}
            className="input"
            value={data.model}
            onChange={(event) => update({ ...data, model: event.target.value }, "model")}
          />
        </Row>
      </div>
      <Row id={`${id}-mode`} label="Mode">
        <select
          id={`${id}-mode`}
          className="select"
          value={data.mode}
          onChange={(event) => update({ ...data, mode: event.target.value }, "mode")}
        >
          <option value="save">save the payload as records</option>
          <option value="trigger">trigger a sync run for the connection</option>
        </select>
      </Row>
    </>
  );
}
