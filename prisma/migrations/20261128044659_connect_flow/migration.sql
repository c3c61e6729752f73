-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "token_expires_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "connection_subscriptions" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret_enc" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connection_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connect_sessions" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "end_user" JSONB NOT NULL,
    "organization" JSONB,
    "allowed_integrations" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "connection_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connect_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_states" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "code_verifier_enc" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "connection_config" JSONB NOT NULL DEFAULT '{}',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connection_subscriptions_connection_id_idx" ON "connection_subscriptions"("connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "connection_subscriptions_integration_id_external_id_key" ON "connection_subscriptions"("integration_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "connect_sessions_token_hash_key" ON "connect_sessions"("token_hash");

-- CreateIndex
CREATE INDEX "connect_sessions_environment_id_created_at_idx" ON "connect_sessions"("environment_id", "created_at");

-- CreateIndex
CREATE INDEX "connect_sessions_expires_at_idx" ON "connect_sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_states_state_hash_key" ON "oauth_states"("state_hash");

-- CreateIndex
CREATE INDEX "oauth_states_session_id_idx" ON "oauth_states"("session_id");

-- CreateIndex
CREATE INDEX "connections_token_expires_at_idx" ON "connections"("token_expires_at");

-- AddForeignKey
ALTER TABLE "connection_subscriptions" ADD CONSTRAINT "connection_subscriptions_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connect_sessions" ADD CONSTRAINT "connect_sessions_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "connect_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

