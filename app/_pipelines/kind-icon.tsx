import { Icon } from "@/app/_components/icons";
import type { NodeKind } from "./graph";

// Line icons for the node kinds (16px grid, currentColor), drawn for Switchboard.
const paths: Record<NodeKind, React.ReactNode> = {
  trigger: <path d="M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z" />,
  filter: <path d="M2 3h12l-4.5 5.5V13l-3-1.5V8.5z" />,
  debounce: (
    <>
      <circle cx="8" cy="8.5" r="5.5" />
      <path d="M8 5.5v3l2 1.5M6.5 1.5h3" />
    </>
  ),
  function: <path d="M5.5 3.5L2 8l3.5 4.5M10.5 3.5L14 8l-3.5 4.5" />,
  forward: <path d="M2 8h10M8.5 4l4 4-4 4" />,
  sync: (
    <>
      <ellipse cx="8" cy="4" rx="5" ry="2" />
      <path d="M3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2" />
    </>
  ),
};

export function KindIcon({ kind }: { kind: NodeKind }) {
  return (
    <Icon width="14" height="14">
      {paths[kind]}
    </Icon>
  );
}
