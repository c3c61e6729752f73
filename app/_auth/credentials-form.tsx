"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage, fieldErrors } from "@/app/_trpc/errors";
import { TextField } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";

/** Email and password, for both sign-up and log-in; the server's messages are shown inline. */
export function CredentialsForm({ mode }: { mode: "signUp" | "logIn" }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const options = mode === "signUp" ? trpc.auth.signUp.mutationOptions() : trpc.auth.logIn.mutationOptions();
  const mutation = useMutation({
    ...options,
    // A full page load, so that the dashboard starts from the new session's data.
    onSuccess: () => window.location.assign("/integrations"),
  });

  const errors = fieldErrors(mutation.error);
  const formError = mutation.error && !errors.email && !errors.password ? errorMessage(mutation.error) : null;
  const isSignUp = mode === "signUp";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ email, password });
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid={isSignUp ? "signup-form" : "login-form"}>
      {formError ? (
        <div className="alert alert-error" role="alert" data-testid="form-error">
          {formError}
        </div>
      ) : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        autoFocus
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={isSignUp ? "new-password" : "current-password"}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        hint={isSignUp ? "At least 8 characters." : undefined}
      />
      <SubmitButton
        pending={mutation.isPending || mutation.isSuccess}
        pendingLabel={isSignUp ? "Creating account…" : "Logging in…"}
        className="btn-block"
      >
        {isSignUp ? "Create account" : "Log in"}
      </SubmitButton>
    </form>
  );
}
