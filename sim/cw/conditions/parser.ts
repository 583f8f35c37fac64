/**
 * Recursive-descent parser for ConnectWise conditions. Grammar (AND binds tighter than OR, as in SQL):
 *   expr       := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | '(' expr ')' | comparison
 *   comparison := path ['not'] (op literal | 'like' string | 'contains' string | 'in' '(' literal (',' literal)* ')')
 *   literal    := string | number | [datetime] | true | false | null
 */
import { ConditionsError, GUIDANCE } from './errors.ts';
import { type CompareOp, type Token, tokenize } from './tokenizer.ts';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'datetime'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type Operator = CompareOp | 'like' | 'contains' | 'in';

export type Condition =
  | { type: 'and' | 'or'; left: Condition; right: Condition }
  | { type: 'not'; operand: Condition }
  | { type: 'compare'; path: string[]; op: Operator; negated: boolean; values: Literal[] };

export function parseConditions(input: string): Condition {
  const parser = new Parser(tokenize(input));
  if (parser.peek().kind === 'eof') throw new ConditionsError(`The conditions are empty. ${GUIDANCE}`);
  const condition = parser.expression();
  const rest = parser.peek();
  if (rest.kind !== 'eof') {
    throw new ConditionsError(
      `Unexpected '${rest.text}' at position ${rest.pos}; join conditions with and/or and balance the parentheses. ${GUIDANCE}`,
    );
  }
  return condition;
}

/** Every field path the condition reads, e.g. [['status','name'], ['closedFlag']]. */
export function pathsOf(condition: Condition): string[][] {
  if (condition.type === 'compare') return [condition.path];
  if (condition.type === 'not') return pathsOf(condition.operand);
  return [...pathsOf(condition.left), ...pathsOf(condition.right)];
}

class Parser {
  #at = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.#at]!;
  }
  #take(): Token {
    const token = this.tokens[this.#at]!;
    if (token.kind !== 'eof') this.#at += 1;
    return token;
  }
  #isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.word === word;
  }

  expression(): Condition {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#take();
      left = { type: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Condition {
    let left = this.#unary();
    while (this.#isKeyword('and')) {
      this.#take();
      left = { type: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Condition {
    if (this.#isKeyword('not')) {
      this.#take();
      return { type: 'not', operand: this.#unary() };
    }
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.#take();
      const inner = this.expression();
      const close = this.#take();
      if (close.kind !== 'rparen') {
        throw new ConditionsError(`Expected ')' at position ${close.pos} but found '${close.text}'. ${GUIDANCE}`);
      }
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Condition {
    const field = this.#take();
    if (field.kind !== 'path') {
      throw new ConditionsError(
        `Expected a field name at position ${field.pos} but found '${field.text}'. ${GUIDANCE}`,
      );
    }
    let negated = false;
    if (this.#isKeyword('not')) {
      this.#take();
      negated = true;
    }
    const opToken = this.#take();
    let op: Operator;
    if (opToken.kind === 'op' && !negated) op = opToken.op;
    else if (
      opToken.kind === 'keyword' &&
      (opToken.word === 'like' || opToken.word === 'contains' || opToken.word === 'in')
    )
      op = opToken.word;
    else {
      throw new ConditionsError(
        `Expected an operator (=, !=, <, <=, >, >=, contains, like, in, not) after '${field.text}' but found '${opToken.text}'. ${GUIDANCE}`,
      );
    }
    if (op === 'in') return { type: 'compare', path: field.segments, op, negated, values: this.#list(field.text) };
    return { type: 'compare', path: field.segments, op, negated, values: [this.#literal(field.text, opToken.text)] };
  }

  #list(fieldText: string): Literal[] {
    const open = this.#take();
    if (open.kind !== 'lparen') {
      throw new ConditionsError(`Expected '(' after '${fieldText} in' but found '${open.text}'. ${GUIDANCE}`);
    }
    const values = [this.#literal(fieldText, 'in')];
    for (;;) {
      const next = this.#take();
      if (next.kind === 'rparen') return values;
      if (next.kind !== 'comma') {
        throw new ConditionsError(
          `Expected ',' or ')' in the list after '${fieldText} in' but found '${next.text}'. ${GUIDANCE}`,
        );
      }
      values.push(this.#literal(fieldText, 'in'));
    }
  }

  #literal(fieldText: string, opText: string): Literal {
    const token = this.#take();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'datetime':
        return { kind: 'datetime', value: token.value };
      case 'keyword':
        if (token.word === 'true' || token.word === 'false') return { kind: 'boolean', value: token.word === 'true' };
        if (token.word === 'null') return { kind: 'null' };
        break;
      default:
        break;
    }
    throw new ConditionsError(`Expected a value after '${fieldText} ${opText}' but found '${token.text}'. ${GUIDANCE}`);
  }
}
