import type { IncomingMessage } from "node:http";
import { findEnvironmentBySecretKey } from "../environments/environments.service";
import type { Environment } from "../lib/generated/prisma/client";
import { HttpError } from "./errors";

const challenge = { "www-authenticate": 'Bearer realm="switchboard"' };

/** The environment whose secret key the request carries as `Authorization: Bearer <key>`. */
export async function authenticate(req: IncomingMessage): Promise<Environment> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) throw new HttpError("unauthorized", "Send the environment's secret key as `Authorization: Bearer <key>`", challenge);
  const environment = await findEnvironmentBySecretKey(match[1]!);
  if (!environment) throw new HttpError("unauthorized", "Invalid API key", challenge);
  return environment;
}
