// Accounts, sessions, SMS codes and outbox, the append-only audit log, and the two catalogs.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("users", (t) => {
    t.increments("id");
    t.string("username", 32).notNullable().unique();
    t.string("password_hash", 200).notNullable();
    t.string("name", 50).notNullable();
    t.string("phone", 11).notNullable().unique();
    t.string("email", 100);
    t.string("role", 16).notNullable().defaultTo("expert");
    t.string("status", 16).notNullable().defaultTo("active");
    t.integer("must_change_password").notNullable().defaultTo(0);
    t.integer("is_demo").notNullable().defaultTo(0);
    t.bigInteger("created_at").notNullable();
    t.bigInteger("updated_at").notNullable();
    t.index(["role", "status"]);
  });

  // Failures are counted per login identifier, whether or not an account has it, so a lockout
  // reveals nothing about which usernames exist.
  await k.schema.createTable("login_throttle", (t) => {
    t.string("key", 80).primary();
    t.integer("failures").notNullable().defaultTo(0);
    t.bigInteger("locked_until");
    t.bigInteger("updated_at").notNullable();
  });

  await k.schema.createTable("sessions", (t) => {
    t.string("id", 64).primary(); // sha256 of the cookie token: a database leak yields no usable session
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    t.bigInteger("created_at").notNullable();
    t.bigInteger("last_seen_at").notNullable();
    t.bigInteger("expires_at").notNullable();
    t.string("ip", 64);
    t.index(["user_id"]);
  });

  await k.schema.createTable("sms_codes", (t) => {
    t.increments("id");
    t.string("phone", 11).notNullable();
    t.string("purpose", 20).notNullable();
    t.string("code_hash", 64).notNullable(); // HMAC: six digits are too few to store as a plain hash
    t.integer("attempts").notNullable().defaultTo(0);
    t.bigInteger("created_at").notNullable();
    t.bigInteger("expires_at").notNullable();
    t.bigInteger("used_at");
    t.string("ip", 64);
    t.index(["phone", "purpose", "created_at"]);
    t.index(["ip", "created_at"]);
  });

  await k.schema.createTable("sms_outbox", (t) => {
    t.increments("id");
    t.string("phone", 11).notNullable();
    t.string("message", 500).notNullable();
    t.string("provider", 20).notNullable();
    t.string("status", 20).notNullable();
    t.bigInteger("created_at").notNullable();
    t.index(["phone", "created_at"]);
  });

  await k.schema.createTable("audit_log", (t) => {
    t.increments("id");
    t.bigInteger("at").notNullable();
    t.integer("actor_id");
    t.string("actor_name", 50);
    t.string("action", 50).notNullable();
    t.string("target_type", 30);
    t.string("target_id", 50);
    t.string("ip", 64);
    t.string("outcome", 16).notNullable();
    t.text("detail");
    t.index(["at"]);
    t.index(["action", "at"]);
    t.index(["actor_id", "at"]);
  });

  await k.schema.createTable("regions", (t) => {
    t.string("code", 20).primary();
    t.string("name", 50).notNullable();
    t.integer("sort").notNullable();
  });

  await k.schema.createTable("specialties", (t) => {
    t.string("code", 20).primary();
    t.string("name", 80).notNullable();
    t.string("parent_code", 20).references("specialties.code");
    t.integer("sort").notNullable();
  });

  // Append-only: the database itself refuses edits of the audit trail.
  if (k.client.config.client === "pg") {
    await k.raw(`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`);
    await k.raw(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await k.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    await k.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }
}

export async function down(k: Knex): Promise<void> {
  for (const t of ["specialties", "regions", "audit_log", "sms_outbox", "sms_codes", "sessions", "login_throttle", "users"]) {
    await k.schema.dropTableIfExists(t);
  }
  if (k.client.config.client === "pg") await k.raw("DROP FUNCTION IF EXISTS audit_log_append_only()");
}
