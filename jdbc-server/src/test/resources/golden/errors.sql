-- Errors keep their SQLSTATE, and the session goes on after each one.
CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR(5) NOT NULL);
INSERT INTO t VALUES (1, 'one');
INSERT INTO t VALUES (1, 'again');
INSERT INTO t VALUES (2, NULL);
INSERT INTO t VALUES (3, 'too long');
SELECT * FROM no_such_table;
SELECT no_such_column FROM t;
SELEC 1;
SELECT 1 / 0 FROM t;
CREATE TABLE t (k INTEGER PRIMARY KEY);
SELECT * FROM t ORDER BY k;
