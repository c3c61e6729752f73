/** The Switchboard mark and wordmark. */
export function Brand({ className }: { className?: string }) {
  return (
    <span className={`brand ${className ?? ""}`}>
      <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
        <rect width="22" height="22" rx="6" fill="#4f46e5" />
        <circle cx="7" cy="7" r="2" fill="#fff" />
        <circle cx="7" cy="15" r="2" fill="#fff" />
        <circle cx="15" cy="11" r="2" fill="#fff" />
        <path d="M8.8 7.9L13.2 10.1M8.8 14.1L13.2 11.9" stroke="#fff" strokeWidth="1.4" strokeLinecap="round" />
      </svg>
      Switchboard
    </span>
  );
}
