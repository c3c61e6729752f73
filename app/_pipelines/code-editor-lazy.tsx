"use client";

import dynamic from "next/dynamic";
import { SkeletonRows } from "@/app/_components/loading";

/** Monaco touches `window` on import: load it in the browser only. */
export const LazyCodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <SkeletonRows rows={6} label="Loading the code editor…" />,
});
