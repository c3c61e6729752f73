// The custom provider's integration settings (the "Custom provider settings" contract in
// DESIGN.md). Shared by the adapter, the REST API and the UI form; no server-only imports.

import { z } from "zod";

const headerName = z
  .string()
  .trim()
  .min(1)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "not a valid HTTP header name")
  .transform((name) => name.toLowerCase());

export const customSignatureSchema = z
  .object({
    header: headerName,
    algorithm: z.enum(["sha256", "sha1", "sha512"]).default("sha256"),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** Text before the digest in the header, e.g. "sha256=". */
    prefix: z.string().optional(),
    /** "body", or a template of {body}, {timestamp}, {method}, {url} and {header:name}, e.g. "{timestamp}.{body}". */
    signedContent: z.string().min(1).default("body"),
    timestampHeader: headerName.optional(),
    /** Allowed age (and future skew) of the timestamp; 300 seconds when omitted. */
    toleranceSec: z.number().int().positive().max(86_400).optional(),
  })
  .refine((signature) => !signature.signedContent.includes("{timestamp}") || signature.timestampHeader !== undefined, {
    message: "signedContent uses {timestamp}, so timestampHeader is required",
    path: ["timestampHeader"],
  });

const attributionKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "attribution keys are identifiers such as accountId");

export const customAttributionSchema = z.union([
  z.object({ key: attributionKey, path: z.string().min(1) }).strict(),
  z.object({ key: attributionKey, header: headerName }).strict(),
]);

export const customChallengeSchema = z.object({
  /** A JSON path into the body ("challenge"), or "query.<name>" for a query parameter ("query.hub.challenge"). */
  path: z.string().min(1),
  /** "text": the value as text/plain; "json": `{ "<last path segment>": value }`. */
  respondWith: z.enum(["text", "json"]).default("text"),
  /** Whether the challenge request must be signed; by default body challenges must be, query challenges need not. */
  requiresSignature: z.boolean().optional(),
});

export const customSettingsSchema = z
  .object({
    authMode: z.enum(["oauth2", "apiKey", "basic", "none"]).default("none"),
    authorizationUrl: z.url().optional(),
    tokenUrl: z.url().optional(),
    scopes: z.array(z.string().min(1)).optional(),
    scopeSeparator: z.string().optional(),
    authorizationParams: z.record(z.string(), z.string()).optional(),
    apiBaseUrl: z.url().optional(),
    // Connect-flow additions to the DESIGN.md contract: token revocation on delete, the token
    // endpoint's client authentication, inputs asked
    // on the connect page, attribution keys read from the token response, API key placement and
    // a test request that checks a key before it is saved.
    revocationUrl: z.url().optional(),
    /** How the client authenticates at the token and revocation endpoints; client_secret_post when omitted. */
    tokenAuthMethod: z.enum(["client_secret_post", "client_secret_basic"]).optional(),
    connectionConfig: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
          label: z.string().min(1),
          pattern: z.string().optional(),
          example: z.string().optional(),
        }),
      )
      .optional(),
    tokenAttribution: z.array(z.object({ key: attributionKey, path: z.string().min(1) }).strict()).optional(),
    apiKey: z
      .object({
        label: z.string().min(1).optional(),
        header: headerName.optional(),
        query: z.string().min(1).optional(),
        prefix: z.string().optional(),
      })
      .optional(),
    testEndpoint: z.string().min(1).optional(),
    signature: customSignatureSchema.optional(),
    /** Declares that this API does not sign its webhooks; required to accept unsigned requests. */
    unsigned: z.literal(true).optional(),
    eventTypePath: z.string().min(1).optional(),
    attribution: z.array(customAttributionSchema).default([]),
    idempotencyPath: z.string().min(1).optional(),
    idempotencyHeader: headerName.optional(),
    /** JSON path of the changed object's id (the default debounce key); an addition to the DESIGN.md contract. */
    objectIdPath: z.string().min(1).optional(),
    challenge: customChallengeSchema.optional(),
  })
  .loose()
  .refine((settings) => !(settings.signature && settings.unsigned), {
    message: "a signature and unsigned: true exclude each other",
    path: ["unsigned"],
  })
  .refine((settings) => settings.authMode !== "oauth2" || (settings.authorizationUrl !== undefined && settings.tokenUrl !== undefined), {
    message: "OAuth 2 needs authorizationUrl and tokenUrl",
    path: ["authorizationUrl"],
  });

export type CustomSettings = z.output<typeof customSettingsSchema>;
export type CustomSettingsInput = z.input<typeof customSettingsSchema>;
