import type { ReactNode } from "react";

export function EmptyState({
  icon,
  title,
  children,
  actions,
  body,
  testId,
}: {
  icon?: ReactNode;
  title: string;
  /** One or two sentences: what this is and what to do next. */
  children: ReactNode;
  actions?: ReactNode;
  /** Longer material below the text, e.g. a code example. */
  body?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="empty-state" data-testid={testId}>
      {icon ? <div className="empty-state-icon">{icon}</div> : null}
      <h2>{title}</h2>
      <p>{children}</p>
      {actions ? <div className="empty-state-actions">{actions}</div> : null}
      {body ? <div className="empty-state-body">{body}</div> : null}
    </section>
  );
}
