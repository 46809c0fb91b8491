import { Prisma, PrismaClient } from '@prisma/client';

const prisma = new PrismaClient({
  datasourceUrl: 'postgresql://teams@pgbouncer.internal:6432/teams?pgbouncer=true&application_name=teams-web',
});

type DbClient = Prisma.TransactionClient | PrismaClient;

// Every repository function takes an optional transaction and falls back to the shared client.
const getDbClient = (tx?: Prisma.TransactionClient): DbClient => tx ?? prisma;

export async function findTeam(teamId: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).team.findUnique({ where: { id: teamId } });
}

export async function createMembership(teamId: string, userId: string, role: 'owner' | 'member', tx?: Prisma.TransactionClient) {
  const client = getDbClient(tx);
  return client.membership.create({ data: { teamId, userId, role } });
}

export async function countOwners(teamId: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).membership.count({ where: { teamId, role: 'owner' } });
}

export async function createTeamWithOwner(name: string, userId: string) {
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({ data: { name } });
    await createMembership(team.id, userId, 'owner', tx);
    return team;
  });
}

export async function transferOwnership(teamId: string, fromUserId: string, toUserId: string) {
  return prisma.$transaction(async (tx) => {
    await tx.membership.update({ where: { teamId_userId: { teamId, userId: fromUserId } }, data: { role: 'member' } });
    await createMembership(teamId, toUserId, 'owner'); // expect: pgbouncer/no-outer-client-in-transaction
    const owners = await countOwners(teamId, tx);
    if (owners !== 1) {
      throw new Error('a team has exactly one owner');
    }
  });
}

export async function leaveTeam(teamId: string, userId: string) {
  return prisma.$transaction(async (tx) => {
    const team = await findTeam(teamId, tx);
    if (!team) {
      throw new Error('no such team');
    }
    await tx.membership.delete({ where: { teamId_userId: { teamId, userId } } });
    await getDbClient().auditEntry.create({ data: { teamId, userId, action: 'left' } }); // expect: pgbouncer/no-outer-client-in-transaction
  });
}

export async function teamPage(teamId: string) {
  const team = await findTeam(teamId);
  const owners = await countOwners(teamId);
  return { team, owners };
}
