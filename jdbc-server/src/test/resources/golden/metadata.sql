-- What sqlline's metadata commands see: tables, columns, primary keys (through the client driver remotely).
CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, country CHAR(2));
CREATE TABLE lineitem (order_id BIGINT NOT NULL, line INTEGER NOT NULL, qty DECIMAL(15,2), PRIMARY KEY (order_id, line));
!tables
!columns lineitem
!primarykeys customer
!primarykeys lineitem
SELECT table_name, column_name, key_seq FROM sys.primary_keys ORDER BY table_name, key_seq;
