<#--
  Cascade's DDL statements, added to calcite-core's Parser.jj (see ../config.fmpp). Each production builds one
  of the SqlNode classes in dev.cascade.sql.ddl; the executor (CascadeDdlExecutor) checks what the grammar
  cannot (unknown columns, duplicate keys, constant defaults, supported types).
-->

boolean CascadeIfNotExists() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean CascadeIfExists() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** name type [NOT NULL | NULL] [DEFAULT expression] [PRIMARY KEY] */
SqlColumnDef CascadeColumnDef() :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    boolean nullable = true;
    SqlNode defaultValue = null;
    boolean primaryKey = false;
    final Span s;
}
{
    id = SimpleIdentifier() { s = span(); }
    type = DataType()
    [
        <NOT> <NULL> { nullable = false; }
    |
        <NULL> { nullable = true; }
    ]
    [
        <DEFAULT_> defaultValue = Expression(ExprContext.ACCEPT_NON_QUERY)
    ]
    [
        <PRIMARY> <KEY> { primaryKey = true; }
    ]
    {
        return new SqlColumnDef(s.end(this), id, type, nullable, defaultValue, primaryKey);
    }
}

/** A column definition or a table-level PRIMARY KEY (columns). */
void CascadeTableElement(List<SqlNode> list) :
{
    final SqlNodeList columns;
    final Span s;
    final SqlColumnDef column;
}
{
    <PRIMARY> { s = span(); } <KEY>
    columns = ParenthesizedSimpleIdentifierList() {
        list.add(new SqlPrimaryKey(s.end(this), columns));
    }
|
    column = CascadeColumnDef() {
        list.add(column);
    }
}

SqlNodeList CascadeTableElementList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    CascadeTableElement(list)
    (
        <COMMA> CascadeTableElement(list)
    )*
    <RPAREN> {
        return new SqlNodeList(list, s.end(this));
    }
}

/** CREATE TABLE [IF NOT EXISTS] name (element, ...) [PARTITION BY (column, ...)] */
SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNodeList elements;
    SqlNodeList partitionBy = null;
}
{
    <TABLE> ifNotExists = CascadeIfNotExists() id = CompoundIdentifier()
    elements = CascadeTableElementList()
    [
        <PARTITION> <BY> partitionBy = ParenthesizedSimpleIdentifierList()
    ]
    {
        return new SqlCreateTable(s.end(this), replace, ifNotExists, id, elements, partitionBy);
    }
}

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column, ...) */
SqlCreate SqlCreateIndex(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier table;
    final SqlNodeList columns;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX> ifNotExists = CascadeIfNotExists() id = SimpleIdentifier()
    <ON> table = CompoundIdentifier()
    columns = ParenthesizedSimpleIdentifierList()
    {
        return new SqlCreateIndex(s.end(this), replace, unique, ifNotExists, id, table, columns);
    }
}

/** DROP TABLE [IF EXISTS] name [CASCADE | RESTRICT] */
SqlDrop SqlDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
    SqlDropTable.Behavior behavior = SqlDropTable.Behavior.DEFAULT;
}
{
    <TABLE> ifExists = CascadeIfExists() id = CompoundIdentifier()
    [
        <CASCADE> { behavior = SqlDropTable.Behavior.CASCADE; }
    |
        <RESTRICT> { behavior = SqlDropTable.Behavior.RESTRICT; }
    ]
    {
        return new SqlDropTable(s.end(this), ifExists, id, behavior);
    }
}

/** DROP INDEX [IF EXISTS] name */
SqlDrop SqlDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <INDEX> ifExists = CascadeIfExists() id = SimpleIdentifier() {
        return new SqlDropIndex(s.end(this), ifExists, id);
    }
}

/** ALTER TABLE name ADD [COLUMN] column-definition */
SqlNode SqlAlterTable() :
{
    final Span s;
    final SqlIdentifier id;
    final SqlColumnDef column;
}
{
    <ALTER> { s = span(); } <TABLE> id = CompoundIdentifier()
    <ADD> [ <COLUMN> ] column = CascadeColumnDef() {
        return new SqlAlterTableAddColumn(s.end(this), id, column);
    }
}
