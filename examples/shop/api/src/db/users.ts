import { pool } from './pool.js';

export interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

export interface PublicUser {
  id: number;
  email: string;
  name: string;
}

export function toPublicUser(row: UserRow): PublicUser {
  return { id: row.id, email: row.email, name: row.name };
}

export async function findUserByEmail(email: string): Promise<UserRow | null> {
  const { rows } = await pool.query<UserRow>(
    'SELECT id, email, name, password_hash, created_at FROM users WHERE email = $1',
    [email.toLowerCase()],
  );
  return rows[0] ?? null;
}

export async function createUser(email: string, name: string, passwordHash: string): Promise<UserRow> {
  const { rows } = await pool.query<UserRow>(
    'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, email, name, password_hash, created_at',
    [email.toLowerCase(), name, passwordHash],
  );
  return rows[0];
}
