import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

// Server messages are often phrased to follow a field name ("must be …"); paths such as
// "signature.header: …" stay as they are.
function capitalize(message: string): string {
  return /^[a-z]+ /.test(message) ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
}

/** Label, control, hint and error, wired together for assistive technology. */
function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: FieldFrameProps & { id: string; children: (describedBy: string | undefined) => ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {children(describedBy)}
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="field-error">
          {capitalize(error)}
        </div>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  optional,
  ...input
}: FieldFrameProps & Omit<InputHTMLAttributes<HTMLInputElement>, "className">) {
  const generated = useId();
  const id = input.id ?? generated;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <input {...input} id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      )}
    </FieldFrame>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  optional,
  ...textarea
}: FieldFrameProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className">) {
  const generated = useId();
  const id = textarea.id ?? generated;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <textarea {...textarea} id={id} className="textarea" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      )}
    </FieldFrame>
  );
}
