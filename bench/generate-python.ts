// Writes a synthetic FastAPI + SQLAlchemy + Alembic backend tree for the Python scan benchmark: services with
// routers mounted through include_router, Pydantic models, declarative models, CRUD modules with selects
// and raw SQL, and a migration chain. Randomised names, so no two files share a content hash.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Entity, Rng, countLines, fill, makeEntity, pascal, plural } from './generate-tree.js';

const PY_TYPES: Record<string, string> = {
  string: 'str',
  number: 'float',
  boolean: 'bool',
  'string[]': 'list[str]',
};
const SA_TYPES: Record<string, string> = {
  string: 'String(255)',
  number: 'Float',
  boolean: 'Boolean',
  'string[]': 'Text',
};
const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();

function routesFile(r: Rng, e: Entity, target: number): string {
  const table = snake(plural(e.kebab));
  const fields = e.fields.map(
    (f) => `    ${snake(f.name)}: ${PY_TYPES[f.type] ?? 'str'}${r.chance(0.3) ? ' | None = None' : ''}\n`,
  );
  const head = `from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import select, text

from app.api.deps import CurrentUser, SessionDep, get_current_user
from app.models.${snake(e.kebab)} import ${e.pascal}

router = APIRouter(prefix="/${plural(e.kebab)}", tags=["${e.kebab}"], dependencies=[Depends(get_current_user)])


class ${e.pascal}Create(BaseModel):
${fields.join('')}

class ${e.pascal}Public(${e.pascal}Create):
    id: int


@router.get("/", response_model=list[${e.pascal}Public])
def list_${snake(plural(e.kebab))}(session: SessionDep, skip: int = 0, limit: Annotated[int, Query(le=100)] = 50):
    return session.execute(select(${e.pascal}).offset(skip).limit(limit)).scalars().all()


@router.post("/", response_model=${e.pascal}Public, status_code=201)
def create_${snake(e.kebab)}(body: ${e.pascal}Create, session: SessionDep, user: CurrentUser):
    row = ${e.pascal}(**body.model_dump(), owner_id=user.id)
    session.add(row)
    session.commit()
    return row


@router.get("/{item_id}", response_model=${e.pascal}Public)
def read_${snake(e.kebab)}(item_id: int, session: SessionDep):
    row = session.get(${e.pascal}, item_id)
    if row is None:
        raise HTTPException(status_code=404, detail="${e.kebab} not found")
    return row


@router.delete("/{item_id}", status_code=204)
def delete_${snake(e.kebab)}(item_id: int, session: SessionDep, user: CurrentUser):
    session.execute(text("DELETE FROM ${table} WHERE id = :id AND owner_id = :owner"), {"id": item_id, "owner": user.id})
    session.commit()
`;
  return fill(head, target, (i) => {
    const f = r.pick(e.fields);
    return `

def summarise_${snake(f.name)}_${i}(rows: list[${e.pascal}Public], threshold: float = ${r.int(1, 99)}) -> dict[str, int]:
    """Counts rows by whether their ${snake(f.name)} passes the threshold."""
    counts = {"above": 0, "below": 0}
    for row in rows:
        value = getattr(row, "${snake(f.name)}", None)
        if isinstance(value, (int, float)) and value > threshold:
            counts["above"] += 1
        else:
            counts["below"] += 1
    return counts
`;
  });
}

function modelFile(e: Entity): string {
  const columns = e.fields.map(
    (f) => `    ${snake(f.name)} = Column(${SA_TYPES[f.type] ?? 'Text'}, nullable=True)\n`,
  );
  return `from sqlalchemy import Column, ForeignKey, Integer, String, Float, Boolean, Text

from app.models.base import Base


class ${e.pascal}(Base):
    __tablename__ = "${snake(plural(e.kebab))}"

    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey("users.id"), nullable=False)
${columns.join('')}`;
}

function migrationFile(e: Entity, revision: string, down: string | undefined): string {
  const columns = e.fields.map(
    (f) => `        sa.Column("${snake(f.name)}", sa.${SA_TYPES[f.type] ?? 'Text'}, nullable=True),\n`,
  );
  return `"""create ${snake(plural(e.kebab))}"""
import sqlalchemy as sa
from alembic import op

revision = "${revision}"
down_revision = ${down ? `"${down}"` : 'None'}


def upgrade() -> None:
    op.create_table(
        "${snake(plural(e.kebab))}",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
${columns.join('')}    )


def downgrade() -> None:
    op.drop_table("${snake(plural(e.kebab))}")
`;
}

function service(seed: number, index: number): Map<string, string> {
  const r = new Rng(seed);
  const files = new Map<string, string>();
  const root = `services/svc-${index}`;
  const taken = new Set<string>();
  const entities = Array.from({ length: r.int(6, 12) }, () => makeEntity(r, taken));
  files.set(
    `${root}/requirements.txt`,
    'fastapi==0.115.0\nSQLAlchemy==2.0.35\nalembic==1.13.2\npydantic==2.9.2\n',
  );
  files.set(`${root}/alembic/env.py`, 'from alembic import context\n');
  files.set(`${root}/app/__init__.py`, '');
  files.set(
    `${root}/app/core/config.py`,
    `class Settings:\n    API_V1_STR: str = "/api/v${r.int(1, 3)}"\n    ENVIRONMENT: str = "local"\n\n\nsettings = Settings()\n`,
  );
  files.set(
    `${root}/app/models/base.py`,
    'from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass User(Base):\n    __tablename__ = "users"\n\n    id = Column(Integer, primary_key=True)\n    email = Column(String(255), nullable=False)\n',
  );
  files.set(
    `${root}/app/api/deps.py`,
    `from typing import Annotated

from fastapi import Depends, HTTPException
from sqlalchemy.orm import Session


def get_db():
    yield Session()


def get_current_user(session: Annotated[Session, Depends(get_db)]):
    raise HTTPException(status_code=401)


SessionDep = Annotated[Session, Depends(get_db)]
CurrentUser = Annotated[dict, Depends(get_current_user)]
`,
  );
  const includes: string[] = [];
  let down: string | undefined;
  entities.forEach((e, i) => {
    const name = snake(e.kebab);
    files.set(`${root}/app/api/routes/${name}.py`, routesFile(r, e, r.lines() * 2));
    files.set(`${root}/app/models/${name}.py`, modelFile(e));
    const revision = `${index.toString(16)}${i.toString(16).padStart(3, '0')}${r.int(0x1000, 0xffff).toString(16)}`;
    files.set(`${root}/alembic/versions/${revision}_create_${name}.py`, migrationFile(e, revision, down));
    down = revision;
    includes.push(`api_router.include_router(${name}.router)\n`);
  });
  files.set(
    `${root}/app/main.py`,
    `from fastapi import APIRouter, FastAPI

from app.api.routes import ${entities.map((e) => snake(e.kebab)).join(', ')}
from app.core.config import settings

app = FastAPI(title="${pascal(`svc-${index}`)}")
api_router = APIRouter()
${includes.join('')}
app.include_router(api_router, prefix=settings.API_V1_STR)
`,
  );
  return files;
}

/** Writes services until the tree holds `targetLines` lines of Python. */
export async function generatePythonTree(
  dir: string,
  targetLines: number,
): Promise<{ files: number; lines: number; bytes: number }> {
  const stats = { files: 0, lines: 0, bytes: 0 };
  for (let i = 0; stats.lines < targetLines; i++) {
    for (const [file, text] of service(0xbeef + i * 104729, i)) {
      const full = path.join(dir, file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text);
      stats.files++;
      stats.bytes += Buffer.byteLength(text);
      stats.lines += countLines(text);
    }
  }
  return stats;
}
