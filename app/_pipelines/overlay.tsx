"use client";

import { createContext, use } from "react";
import type { NodeRunResult } from "./types";

/** What the canvas shows on top of the graph: validation errors and the last test run. */
export interface CanvasOverlay {
  errors: ReadonlyMap<string, string[]>;
  results: ReadonlyMap<string, NodeRunResult>;
  readOnly: boolean;
}

export const OverlayContext = createContext<CanvasOverlay>({ errors: new Map(), results: new Map(), readOnly: false });

export function useOverlay(): CanvasOverlay {
  return use(OverlayContext);
}
