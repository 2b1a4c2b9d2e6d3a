-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('active', 'suspended', 'closed');

-- CreateEnum
CREATE TYPE "ResourceClass" AS ENUM ('ai', 'general', 'hpc', 'render', 'storage', 'network');

-- CreateTable
CREATE TABLE "tenants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unified_social_credit_code" TEXT,
    "province_code" TEXT,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "TenantStatus" NOT NULL DEFAULT 'active',
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_tenant_bindings" (
    "cluster_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_tenant_bindings_pkey" PRIMARY KEY ("cluster_id","tenant_id")
);

-- CreateTable
CREATE TABLE "cluster_credentials" (
    "key_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "cluster_credentials_pkey" PRIMARY KEY ("key_id")
);

-- CreateTable
CREATE TABLE "skus" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "resource_class" "ResourceClass" NOT NULL,
    "chip_family" TEXT,
    "domestic_chip" BOOLEAN NOT NULL DEFAULT false,
    "base_unit" TEXT NOT NULL,
    "billing_unit" TEXT NOT NULL,
    "units_per_billing_unit" DECIMAL(20,6) NOT NULL,
    "scales_with_devices" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skus_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenants_unified_social_credit_code_key" ON "tenants"("unified_social_credit_code");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_credentials_fingerprint_key" ON "cluster_credentials"("fingerprint");

-- CreateIndex
CREATE INDEX "cluster_credentials_cluster_id_idx" ON "cluster_credentials"("cluster_id");

-- AddForeignKey
ALTER TABLE "cluster_tenant_bindings" ADD CONSTRAINT "cluster_tenant_bindings_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_tenant_bindings" ADD CONSTRAINT "cluster_tenant_bindings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_credentials" ADD CONSTRAINT "cluster_credentials_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

