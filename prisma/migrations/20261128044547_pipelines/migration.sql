-- CreateEnum
CREATE TYPE "PipelineRunStatus" AS ENUM ('pending', 'running', 'waiting', 'succeeded', 'stopped', 'failed');

-- CreateEnum
CREATE TYPE "PipelineStepStatus" AS ENUM ('succeeded', 'stopped', 'waiting', 'failed');

-- CreateEnum
CREATE TYPE "RecordAction" AS ENUM ('ADDED', 'UPDATED', 'DELETED');

-- CreateTable
CREATE TABLE "pipelines" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "active_version_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pipelines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_versions" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "pipeline_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "graph" JSONB NOT NULL,
    "message" TEXT,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_runs" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "event_id" UUID,
    "webhook_id" UUID,
    "connection_id" UUID,
    "start_node_id" TEXT,
    "input" JSONB,
    "status" "PipelineRunStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "pipeline_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_steps" (
    "run_id" UUID NOT NULL,
    "node_id" TEXT NOT NULL,
    "environment_id" UUID NOT NULL,
    "status" "PipelineStepStatus" NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_steps_pkey" PRIMARY KEY ("run_id","node_id")
);

-- CreateTable
CREATE TABLE "pipeline_debounce_entries" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "node_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "value" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_debounce_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "records" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "hash" TEXT NOT NULL,
    "last_action" "RecordAction" NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pipelines_integration_id_key" ON "pipelines"("integration_id");

-- CreateIndex
CREATE INDEX "pipelines_environment_id_idx" ON "pipelines"("environment_id");

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_versions_pipeline_id_number_key" ON "pipeline_versions"("pipeline_id", "number");

-- CreateIndex
CREATE INDEX "pipeline_runs_environment_id_created_at_idx" ON "pipeline_runs"("environment_id", "created_at");

-- CreateIndex
CREATE INDEX "pipeline_runs_event_id_idx" ON "pipeline_runs"("event_id");

-- CreateIndex
CREATE INDEX "pipeline_runs_integration_id_created_at_idx" ON "pipeline_runs"("integration_id", "created_at");

-- CreateIndex
CREATE INDEX "pipeline_debounce_entries_integration_id_node_id_key_create_idx" ON "pipeline_debounce_entries"("integration_id", "node_id", "key", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_debounce_entries_run_id_node_id_key" ON "pipeline_debounce_entries"("run_id", "node_id");

-- CreateIndex
CREATE INDEX "records_environment_id_integration_id_model_updated_at_idx" ON "records"("environment_id", "integration_id", "model", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "records_connection_id_model_external_id_key" ON "records"("connection_id", "model", "external_id");

-- AddForeignKey
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_versions" ADD CONSTRAINT "pipeline_versions_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_steps" ADD CONSTRAINT "pipeline_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "pipeline_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

