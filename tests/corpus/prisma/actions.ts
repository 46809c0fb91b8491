'use server';

import { PrismaClient } from '@prisma/client';
import { revalidatePath } from 'next/cache';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
const prisma = (globalForPrisma.prisma ??= new PrismaClient());

export async function archiveProject(projectId: number, userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, false)`; // expect: pgbouncer/no-session-state
    await tx.project.update({ where: { id: projectId }, data: { archivedAt: new Date() } });
    tx.activity.create({ data: { projectId, kind: 'archived' } }); // expect: pgbouncer/no-session-across-boundary
  });
  revalidatePath('/projects');
}

export async function restoreProject(projectId: number, userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
    await tx.project.update({ where: { id: projectId }, data: { archivedAt: null } });
    await tx.activity.create({ data: { projectId, kind: 'restored' } });
  });
  revalidatePath('/projects');
}

export async function renameProject(projectId: number, name: string) {
  await prisma.project.update({ where: { id: projectId }, data: { name } });
  revalidatePath(`/projects/${projectId}`);
}
