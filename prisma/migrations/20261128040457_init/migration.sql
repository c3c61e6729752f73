-- CreateEnum
CREATE TYPE "UnattributedPolicy" AS ENUM ('forward', 'drop');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('ok', 'refresh_failed', 'needs_reauth');

-- CreateEnum
CREATE TYPE "WebhookStatus" AS ENUM ('pending', 'processed', 'failed');

-- CreateEnum
CREATE TYPE "AttributionStatus" AS ENUM ('attributed', 'unattributed', 'ambiguous');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('pending', 'forwarded', 'dropped', 'duplicate', 'failed');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('running', 'success', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "LogLevel" AS ENUM ('debug', 'info', 'warn', 'error');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environments" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "public_id" TEXT NOT NULL,
    "secret_key_hash" TEXT NOT NULL,
    "secret_key_enc" TEXT NOT NULL,
    "forward_url" TEXT,
    "forward_signing_secret_enc" TEXT NOT NULL,
    "allow_private_forward_urls" BOOLEAN NOT NULL DEFAULT false,
    "unattributed_policy" "UnattributedPolicy" NOT NULL DEFAULT 'forward',
    "forward_timeout_ms" INTEGER NOT NULL DEFAULT 10000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integrations" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "client_id" TEXT,
    "client_secret_enc" TEXT,
    "webhook_secret_enc" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "connection_id" TEXT NOT NULL,
    "end_user" JSONB,
    "credentials_enc" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "status" "ConnectionStatus" NOT NULL DEFAULT 'ok',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection_attributions" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "connection_attributions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhooks" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT NOT NULL DEFAULT '',
    "headers" JSONB NOT NULL,
    "body" BYTEA NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "WebhookStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    "event_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "connection_id" UUID,
    "index" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "dedupe_key" TEXT,
    "duplicate_of" UUID,
    "attribution" JSONB NOT NULL DEFAULT '{}',
    "attribution_status" "AttributionStatus" NOT NULL,
    "status" "EventStatus" NOT NULL DEFAULT 'pending',
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "webhook_id" UUID,
    "event_id" UUID,
    "connection_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 8,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "response_excerpt" TEXT,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_operations" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "parent_id" UUID,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "OperationStatus" NOT NULL DEFAULT 'running',
    "integration_id" UUID,
    "connection_id" UUID,
    "webhook_id" UUID,
    "event_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "log_operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_messages" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "operation_id" UUID NOT NULL,
    "level" "LogLevel" NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_account_id_idx" ON "users"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "environments_public_id_key" ON "environments"("public_id");

-- CreateIndex
CREATE UNIQUE INDEX "environments_secret_key_hash_key" ON "environments"("secret_key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "environments_account_id_name_key" ON "environments"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_environment_id_key_key" ON "integrations"("environment_id", "key");

-- CreateIndex
CREATE INDEX "connections_environment_id_created_at_idx" ON "connections"("environment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "connections_integration_id_connection_id_key" ON "connections"("integration_id", "connection_id");

-- CreateIndex
CREATE INDEX "connection_attributions_connection_id_idx" ON "connection_attributions"("connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "connection_attributions_integration_id_key_value_key" ON "connection_attributions"("integration_id", "key", "value");

-- CreateIndex
CREATE INDEX "webhooks_status_received_at_idx" ON "webhooks"("status", "received_at");

-- CreateIndex
CREATE INDEX "webhooks_environment_id_received_at_idx" ON "webhooks"("environment_id", "received_at");

-- CreateIndex
CREATE INDEX "webhooks_integration_id_received_at_idx" ON "webhooks"("integration_id", "received_at");

-- CreateIndex
CREATE INDEX "events_environment_id_created_at_idx" ON "events"("environment_id", "created_at");

-- CreateIndex
CREATE INDEX "events_connection_id_created_at_idx" ON "events"("connection_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "events_webhook_id_index_key" ON "events"("webhook_id", "index");

-- CreateIndex
CREATE UNIQUE INDEX "events_integration_id_dedupe_key_key" ON "events"("integration_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "deliveries_event_id_idx" ON "deliveries"("event_id");

-- CreateIndex
CREATE INDEX "deliveries_webhook_id_idx" ON "deliveries"("webhook_id");

-- CreateIndex
CREATE INDEX "deliveries_environment_id_created_at_idx" ON "deliveries"("environment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_environment_id_idempotency_key_key" ON "deliveries"("environment_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_attempts_delivery_id_number_key" ON "delivery_attempts"("delivery_id", "number");

-- CreateIndex
CREATE INDEX "log_operations_environment_id_started_at_idx" ON "log_operations"("environment_id", "started_at");

-- CreateIndex
CREATE INDEX "log_operations_parent_id_idx" ON "log_operations"("parent_id");

-- CreateIndex
CREATE INDEX "log_operations_webhook_id_idx" ON "log_operations"("webhook_id");

-- CreateIndex
CREATE INDEX "log_messages_operation_id_created_at_idx" ON "log_messages"("operation_id", "created_at");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environments" ADD CONSTRAINT "environments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_attributions" ADD CONSTRAINT "connection_attributions_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_messages" ADD CONSTRAINT "log_messages_operation_id_fkey" FOREIGN KEY ("operation_id") REFERENCES "log_operations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

