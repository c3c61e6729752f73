import { db } from "../lib/db";
import type { Pipeline, PipelineVersion, Prisma } from "../lib/generated/prisma/client";

// Queries for pipelines and their versions. Versions are append-only; the next number is
// taken under a row lock on the pipeline so two saves never get the same number.

export type Tx = Prisma.TransactionClient;

export async function findPipelineRow(integrationId: string, client: Tx | ReturnType<typeof db> = db()): Promise<Pipeline | null> {
  return client.pipeline.findUnique({ where: { integrationId } });
}

export async function findVersionRow(pipelineId: string, number: number): Promise<PipelineVersion | null> {
  return db().pipelineVersion.findUnique({ where: { pipelineId_number: { pipelineId, number } } });
}

export async function listVersionRows(pipelineId: string): Promise<PipelineVersion[]> {
  return db().pipelineVersion.findMany({ where: { pipelineId }, orderBy: { number: "desc" } });
}

export async function insertActiveVersion(input: {
  environmentId: string;
  integrationId: string;
  graph: Prisma.InputJsonValue;
  message: string | null;
  createdBy: string | null;
}): Promise<PipelineVersion> {
  return db().$transaction(async (tx) => {
    await tx.pipeline.upsert({
      where: { integrationId: input.integrationId },
      create: { environmentId: input.environmentId, integrationId: input.integrationId },
      update: {},
    });
    const [locked] = await tx.$queryRaw<
      Array<{ id: string }>
    >`SELECT id FROM pipelines WHERE integration_id = ${input.integrationId}::uuid FOR UPDATE`;
    const pipelineId = locked!.id;
    const last = await tx.pipelineVersion.findFirst({ where: { pipelineId }, orderBy: { number: "desc" }, select: { number: true } });
    const version = await tx.pipelineVersion.create({
      data: {
        environmentId: input.environmentId,
        pipelineId,
        number: (last?.number ?? 0) + 1,
        graph: input.graph,
        message: input.message,
        createdBy: input.createdBy,
      },
    });
    await tx.pipeline.update({ where: { id: pipelineId }, data: { activeVersionId: version.id } });
    return version;
  });
}

export async function setActiveVersion(pipelineId: string, versionId: string): Promise<void> {
  await db().pipeline.update({ where: { id: pipelineId }, data: { activeVersionId: versionId } });
}
