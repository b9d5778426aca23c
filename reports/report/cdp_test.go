package report

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// cdp is a minimal client of the Chrome DevTools Protocol over a WebSocket
// (RFC 6455), written with the standard library so that the browser test
// needs nothing but Debian's chromium: it sends commands and reads the
// events the page sends back.
type cdp struct {
	conn   net.Conn
	r      *bufio.Reader
	nextID int
	events []cdpMessage // received while waiting for a reply
}

// cdpMessage is a reply (ID set) or an event (Method set).
type cdpMessage struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// dialCDP opens the WebSocket of a DevTools target.
func dialCDP(wsURL string, deadline time.Time) (*cdp, error) {
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, err
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(deadline)
	key := make([]byte, 16)
	rand.Read(key)
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n",
		u.RequestURI(), u.Host, base64.StdEncoding.EncodeToString(key))
	if _, err := io.WriteString(conn, req); err != nil {
		conn.Close()
		return nil, err
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		conn.Close()
		return nil, fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	return &cdp{conn: conn, r: r}, nil
}

// writeFrame sends one masked text frame, as a client must.
func (c *cdp) writeFrame(opcode byte, payload []byte) error {
	var h bytes.Buffer
	h.WriteByte(0x80 | opcode)
	switch n := len(payload); {
	case n < 126:
		h.WriteByte(0x80 | byte(n))
	case n < 1<<16:
		h.WriteByte(0x80 | 126)
		binary.Write(&h, binary.BigEndian, uint16(n))
	default:
		h.WriteByte(0x80 | 127)
		binary.Write(&h, binary.BigEndian, uint64(n))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	h.Write(mask)
	masked := make([]byte, len(payload))
	for i, b := range payload {
		masked[i] = b ^ mask[i%4]
	}
	h.Write(masked)
	_, err := c.conn.Write(h.Bytes())
	return err
}

// readMessage reads one whole text message, answering pings.
func (c *cdp) readMessage() ([]byte, error) {
	var msg []byte
	for {
		var hdr [2]byte
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			return nil, err
		}
		fin, opcode := hdr[0]&0x80 != 0, hdr[0]&0x0f
		n := uint64(hdr[1] & 0x7f)
		switch n {
		case 126:
			var v uint16
			if err := binary.Read(c.r, binary.BigEndian, &v); err != nil {
				return nil, err
			}
			n = uint64(v)
		case 127:
			if err := binary.Read(c.r, binary.BigEndian, &n); err != nil {
				return nil, err
			}
		}
		var mask [4]byte
		if hdr[1]&0x80 != 0 {
			io.ReadFull(c.r, mask[:])
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(c.r, payload); err != nil {
			return nil, err
		}
		if hdr[1]&0x80 != 0 {
			for i := range payload {
				payload[i] ^= mask[i%4]
			}
		}
		switch opcode {
		case 0x8:
			return nil, errors.New("the browser closed the connection")
		case 0x9:
			c.writeFrame(0xA, payload)
			continue
		case 0xA:
			continue
		}
		msg = append(msg, payload...)
		if fin {
			return msg, nil
		}
	}
}

// call sends a command and waits for its reply, keeping the events that
// arrive meanwhile.
func (c *cdp) call(method string, params any, result any) error {
	c.nextID++
	id := c.nextID
	b, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := c.writeFrame(0x1, b); err != nil {
		return err
	}
	for {
		m, err := c.next()
		if err != nil {
			return err
		}
		if m.ID != id {
			c.events = append(c.events, m)
			continue
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// next reads the next message.
func (c *cdp) next() (cdpMessage, error) {
	b, err := c.readMessage()
	if err != nil {
		return cdpMessage{}, err
	}
	var m cdpMessage
	err = json.Unmarshal(b, &m)
	return m, err
}

// waitFor reads events until one named method arrives, keeping them all.
func (c *cdp) waitFor(method string) error {
	for _, e := range c.events {
		if e.Method == method {
			return nil
		}
	}
	for {
		m, err := c.next()
		if err != nil {
			return err
		}
		c.events = append(c.events, m)
		if m.Method == method {
			return nil
		}
	}
}
