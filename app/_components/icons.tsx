import type { SVGProps } from "react";

// A handful of line icons drawn for Switchboard (16px grid, currentColor).

type IconProps = SVGProps<SVGSVGElement>;

// The shared 16px-grid line-icon frame; pass width/height to draw it smaller.
export function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      {children}
    </svg>
  );
}

export function IntegrationsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="5" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
      <rect x="9" y="9" width="5" height="5" rx="1" />
    </Icon>
  );
}

export function ConnectionsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="4" cy="8" r="2" />
      <circle cx="12" cy="4" r="2" />
      <circle cx="12" cy="12" r="2" />
      <path d="M5.8 7.1l4.4-2.2M5.8 8.9l4.4 2.2" />
    </Icon>
  );
}

export function PipelinesIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="1.5" y="6" width="4" height="4" rx="1" />
      <rect x="10.5" y="2" width="4" height="4" rx="1" />
      <rect x="10.5" y="10" width="4" height="4" rx="1" />
      <path d="M5.5 8H8m0 0V4h2.5M8 8v4h2.5" />
    </Icon>
  );
}

export function SyncsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M13.5 6.5A5.5 5.5 0 0 0 3.2 5M2.5 9.5A5.5 5.5 0 0 0 12.8 11" />
      <path d="M3 2v3h3M13 14v-3h-3" />
    </Icon>
  );
}

export function LogsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M5 4h9M5 8h9M5 12h9" />
      <circle cx="2.2" cy="4" r="0.4" fill="currentColor" />
      <circle cx="2.2" cy="8" r="0.4" fill="currentColor" />
      <circle cx="2.2" cy="12" r="0.4" fill="currentColor" />
    </Icon>
  );
}

export function SettingsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2 4.5h7M12 4.5h2M2 11.5h2M7 11.5h7" />
      <circle cx="10.5" cy="4.5" r="1.5" />
      <circle cx="5.5" cy="11.5" r="1.5" />
    </Icon>
  );
}

export function PlusIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 3v10M3 8h10" />
    </Icon>
  );
}

export function CopyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 5.5V3.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
    </Icon>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 8.5l3 3 7-7" />
    </Icon>
  );
}

export function KeyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="5" cy="11" r="3" />
      <path d="M7.2 8.8L13.5 2.5M11 5l2 2" />
    </Icon>
  );
}
