"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { Spinner } from "@/app/_components/loading";

export function LogOutButton({ className = "btn" }: { className?: string }) {
  const trpc = useTRPC();
  const logOut = useMutation({
    ...trpc.auth.logOut.mutationOptions(),
    // A full page load drops every cached query of the session.
    onSettled: () => window.location.assign("/login"),
  });
  const pending = logOut.isPending || logOut.isSuccess;
  return (
    <button type="button" className={className} onClick={() => logOut.mutate()} disabled={pending} data-testid="log-out">
      {pending ? <Spinner /> : null}
      Log out
    </button>
  );
}
